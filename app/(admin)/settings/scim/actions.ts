"use server";
// Settings > SCIM: the workspace's SCIM switches (admins only, audited).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, formFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { setScimEnabled, setScimManagesManualMembers } from "@/lib/workspaces/app";

const schema = z.object({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export async function setScimEnabledAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = schema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    await setScimEnabled({ workspaceId: admin.workspaceId, actorId: admin.id, enabled: parsed.data.enabled });
    revalidatePath("/settings/scim");
    return { ok: true, message: parsed.data.enabled ? "SCIM provisioning is on." : "SCIM provisioning is off." };
  }, "setScimEnabledAction");
}

export async function setScimManagesManualMembersAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = schema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    await setScimManagesManualMembers({ workspaceId: admin.workspaceId, actorId: admin.id, enabled: parsed.data.enabled });
    revalidatePath("/settings/scim");
    return { ok: true, message: parsed.data.enabled ? "Provisioning may change sign-in details of members created in Roster." : "Sign-in details of members created in Roster are protected." };
  }, "setScimManagesManualMembersAction");
}
