"use server";
// Member actions (member detail page): permittedAction() first (a role without the permission gets
// a "not allowed" result, audited), zod-validate the form, call the lifecycle transition (which
// re-checks the actor's role, Editors' limits and the last-admin rule inside its transaction).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { permittedAction, formFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { MEMBER_ROLES, ROLE_LABEL } from "@/lib/members/roles";
import { changeMemberRole, setMemberActive } from "@/lib/members/app";

const changeRoleSchema = z.object({
  memberId: z.uuid({ message: "Unknown member." }),
  role: z.enum(MEMBER_ROLES, { message: "Choose a role." }),
});

export async function changeRoleAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return permittedAction("members.changeRole", "changeRoleAction", async (admin) => {
    const parsed = changeRoleSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const result = await changeMemberRole({ workspaceId: admin.workspaceId, actorId: admin.id, memberId: parsed.data.memberId, role: parsed.data.role });
    revalidatePath("/members", "layout");
    return { ok: true, message: result.changed ? `Role changed to ${ROLE_LABEL[result.to]}.` : `Role is already ${ROLE_LABEL[result.to]}.` };
  });
}

const setActiveSchema = z.object({
  memberId: z.uuid({ message: "Unknown member." }),
  active: z.enum(["true", "false"]).transform((v) => v === "true"),
});

export async function setActiveAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return permittedAction("members.setActive", "setActiveAction", async (admin) => {
    const parsed = setActiveSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const result = await setMemberActive({ workspaceId: admin.workspaceId, actorId: admin.id, memberId: parsed.data.memberId, active: parsed.data.active });
    revalidatePath("/members", "layout");
    const verb = parsed.data.active ? "reactivated" : "deactivated";
    return { ok: true, message: result.changed ? `Member ${verb}.` : `Member was already ${verb}.` };
  });
}
