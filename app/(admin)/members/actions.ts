"use server";
// Member actions (member detail page). Each one: requireAdminForAction() first (throws
// NotAllowedError for anyone but a signed-in ADMIN), zod-validate the form, call the domain
// function (which re-checks the admin and the last-admin rule inside its transaction).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdminForAction } from "@/lib/auth/session";
import { MEMBER_ROLES } from "@/lib/members";
import { changeMemberRole, setMemberActive } from "@/lib/members/app";
import { actionError, formFields, invalidInput, type ActionResult } from "@/lib/members/action-result";

const ROLE_LABEL = { ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer", GUEST: "Guest" } as const;

const changeRoleSchema = z.object({
  memberId: z.uuid({ message: "Unknown member." }),
  role: z.enum(MEMBER_ROLES, { message: "Choose a role." }),
});

export async function changeRoleAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  const admin = await requireAdminForAction();
  const parsed = changeRoleSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const result = await changeMemberRole({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      memberId: parsed.data.memberId,
      role: parsed.data.role,
    });
    revalidatePath("/members", "layout");
    return { ok: true, message: result.changed ? `Role changed to ${ROLE_LABEL[result.to]}.` : `Role is already ${ROLE_LABEL[result.to]}.` };
  } catch (error) {
    return actionError(error);
  }
}

const setActiveSchema = z.object({
  memberId: z.uuid({ message: "Unknown member." }),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function setActiveAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  const admin = await requireAdminForAction();
  const parsed = setActiveSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const result = await setMemberActive({
      workspaceId: admin.workspaceId,
      actorId: admin.id,
      memberId: parsed.data.memberId,
      active: parsed.data.active,
    });
    revalidatePath("/members", "layout");
    const verb = parsed.data.active ? "reactivated" : "deactivated";
    return { ok: true, message: result.changed ? `Member ${verb}.` : `Member was already ${verb}.` };
  } catch (error) {
    return actionError(error);
  }
}
