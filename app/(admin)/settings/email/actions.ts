"use server";
// Invite someone by email, resend an invitation: Admins and Editors (members.invite,
// members.resendInvitation), from Settings › Email and the Members pages.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { permittedAction, formFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { inviteMemberAsAdmin, resendInvitationAsAdmin } from "@/lib/invitations/app";
import { inviteInputSchema } from "@/lib/invitations/invite-member";

const inviteSchema = inviteInputSchema.extend({
  email: z.string().trim().pipe(inviteInputSchema.shape.email),
});

/** Form fields: email, givenName, familyName, role (ADMIN | EDITOR | VIEWER | GUEST). */
export async function inviteMemberAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return permittedAction("members.invite", "inviteMemberAction", async (admin) => {
    const parsed = inviteSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    await inviteMemberAsAdmin(admin, parsed.data);
    revalidatePath("/settings/email");
    revalidatePath("/members");
    return { ok: true, message: `Invitation to ${parsed.data.email} queued. It appears below as it is sent.` };
  });
}

const resendSchema = z.object({ memberId: z.uuid({ message: "Unknown member." }) });

/** Form field: memberId. Invalidates the member's previous invitation links. */
export async function resendInvitationAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return permittedAction("members.resendInvitation", "resendInvitationAction", async (admin) => {
    const parsed = resendSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const resent = await resendInvitationAsAdmin(admin, parsed.data.memberId);
    revalidatePath("/settings/email");
    revalidatePath("/members", "layout");
    return { ok: true, message: `New invitation queued for ${resent.toAddress}. Earlier links no longer work.` };
  });
}
