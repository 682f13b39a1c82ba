"use server";
// Group actions: "Members of this group get role X" (Admins only, groups.mapRole). The lifecycle
// transition recomputes the group's members' roles in the same transaction and refuses a change
// that would leave the workspace without an active admin.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { formFields, invalidInput, permittedAction, type ActionResult } from "@/lib/actions/result";
import { setGroupRole } from "@/lib/members/app";
import { MEMBER_ROLES, ROLE_LABEL } from "@/lib/members/roles";
import { plural } from "@/lib/members/plural";

const setGroupRoleSchema = z.object({
  groupId: z.uuid({ message: "Unknown group." }),
  role: z.union([z.enum(MEMBER_ROLES), z.literal("NONE")], { message: "Choose a role or no role." }).transform((r) => (r === "NONE" ? null : r)),
});

export async function setGroupRoleAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return permittedAction("groups.mapRole", "setGroupRoleAction", async (admin) => {
    const parsed = setGroupRoleSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const result = await setGroupRole({ workspaceId: admin.workspaceId, actorId: admin.id, groupId: parsed.data.groupId, role: parsed.data.role });
    revalidatePath("/members", "layout");
    if (!result.changed) return { ok: true, message: "Nothing changed." };
    const granted = parsed.data.role ? `Members of this group now get ${ROLE_LABEL[parsed.data.role]}.` : "This group no longer grants a role.";
    return { ok: true, message: `${granted} ${plural(result.roleChanges.length, "member")}'s role changed.` };
  });
}
