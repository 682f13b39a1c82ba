// An admin invites someone by email: lib/lifecycle's createMember through the admin door — the
// member (INVITED, source MANUAL), the invitation and its email in one statement, so a crash can
// never leave an invited member without a queued email (or an email without a member).
import { z } from "zod";
import { MemberRole } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/audit";
import type { RawSql } from "@/lib/db/raw-sql";
import { createMember, InvitationRefusedError } from "@/lib/lifecycle";
import { memberNameColumns, personNameSchema } from "@/lib/members/person-name";

export interface InviteMemberInput {
  workspaceId: string;
  email: string;
  givenName: string;
  familyName: string;
  role: MemberRole;
  /** Who is inviting (checked by the caller: an admin's action). */
  actor: Actor;
  /** The name the email shows as the inviter; defaults to actor.label. */
  invitedBy?: string;
  requestId?: string | null;
}

export interface InvitedMember {
  memberId: string;
  invitationId: string;
  outboxId: string;
}

export const inviteInputSchema = z.object({
  email: z.email("Enter an email address.").max(320, "Use at most 320 characters."),
  ...personNameSchema.shape,
  role: z.enum(MemberRole, { error: "Choose a role." }),
});

/** A taken email throws UserNameTakenError, bad input InvitationRefusedError. */
export async function inviteMember(sql: RawSql, input: InviteMemberInput): Promise<InvitedMember> {
  const parsed = inviteInputSchema.safeParse({ ...input, email: input.email.trim() });
  if (!parsed.success) throw new InvitationRefusedError(parsed.error.issues[0]?.message ?? "Check the form.");
  const { email, role } = parsed.data;
  const { row, invitation } = await createMember(sql, { kind: "admin", actor: input.actor, requestId: input.requestId }, {
    workspaceId: input.workspaceId,
    role,
    invitedBy: input.invitedBy,
    data: { ...EMPTY_PROFILE, ...memberNameColumns(parsed.data), userName: email, emails: [{ value: email, type: "work", primary: true }], active: true },
  });
  return { memberId: row.id, invitationId: invitation!.invitationId, outboxId: invitation!.outboxId };
}

/** Everything else an invited member's profile holds, until their IdP or an admin fills it in. */
const EMPTY_PROFILE = {
  externalId: null, givenName: null, familyName: null, middleName: null, formattedName: null, honorificPrefix: null, honorificSuffix: null,
  displayName: null, nickName: null, title: null, userType: null, preferredLanguage: null, locale: null, timezone: null, employeeNumber: null,
  costCenter: null, organization: null, division: null, department: null, managerValue: null, managerDisplayName: null, extra: {},
};
