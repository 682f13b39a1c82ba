// An admin invites someone by email: a Member (INVITED, source MANUAL), an Invitation and an
// EmailOutbox row, all in one transaction — the outbox worker sends the email after commit, so a
// crash can never leave an invited member without a queued email (or an email without a member).
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { MemberRole } from "@/lib/generated/prisma/enums";
import { recordAudit, type Actor } from "@/lib/audit";
import { isUniqueViolation } from "@/lib/directory/db-errors";
import { queueInvitation } from "@/lib/directory/queue-invitation";
import { memberNameColumns, personNameSchema } from "@/lib/members/person-name";
import { InvitationError, MemberAlreadyExistsError } from "./errors";

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

export async function inviteMember(prisma: PrismaClient, input: InviteMemberInput): Promise<InvitedMember> {
  const parsed = inviteInputSchema.safeParse({ ...input, email: input.email.trim() });
  if (!parsed.success) throw new InvitationError(parsed.error.issues[0]?.message ?? "Check the form.");
  const { email, role } = parsed.data;
  const invitedBy = input.invitedBy?.trim() || input.actor.label;

  try {
    return await prisma.$transaction(async (tx) => {
      const member = await tx.member.create({
        data: {
          workspaceId: input.workspaceId,
          userName: email,
          ...memberNameColumns(parsed.data),
          emails: [{ value: email, type: "work", primary: true }],
          active: true,
          status: "INVITED",
          role,
          source: "MANUAL",
        },
        select: { id: true },
      });
      const queued = await queueInvitation(tx, { workspaceId: input.workspaceId, memberId: member.id, invitedBy, toAddress: email });
      const target = { type: "Member", id: member.id, label: email };
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: "member.invited",
        target,
        requestId: input.requestId,
        details: { role, source: "MANUAL" },
      });
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: "invitation.queued",
        target,
        requestId: input.requestId,
        details: { invitationId: queued.invitationId, outboxId: queued.outboxId, to: email },
      });
      return { memberId: member.id, ...queued };
    });
  } catch (error) {
    // lower("userName") is unique per workspace.
    if (isUniqueViolation(error)) throw new MemberAlreadyExistsError(email);
    throw error;
  }
}
