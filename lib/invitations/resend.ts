// Resending an invitation (admin only): every open invitation of the member is revoked — its
// link stops working at once — their still-queued emails are cancelled, and a new Invitation +
// outbox row is queued. The worker gives the new invitation a fresh secret when it renders it.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";
import { queueInvitation } from "@/lib/directory/queue-invitation";
import { memberInvitationAddress } from "./address";
import { InvitationError } from "./errors";

export interface ResendInvitationInput {
  workspaceId: string;
  memberId: string;
  actor: Actor;
  /** The name the email shows as the inviter; defaults to actor.label. */
  invitedBy?: string;
  requestId?: string | null;
}

export interface ResentInvitation {
  invitationId: string;
  outboxId: string;
  /** Earlier invitations whose links were invalidated. */
  revoked: number;
  toAddress: string;
}

export const SUPERSEDED_REASON = "cancelled: superseded by a resent invitation";

export async function resendInvitation(prisma: PrismaClient, input: ResendInvitationInput, now = new Date()): Promise<ResentInvitation> {
  const invitedBy = input.invitedBy?.trim() || input.actor.label;
  return prisma.$transaction(async (tx) => {
    // Serialise resends (and accepts) of one member: two admins clicking at once queue one each,
    // in order, and the later one revokes the earlier.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id"::text AS "id" FROM "Member" WHERE "id" = ${input.memberId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
      FOR NO KEY UPDATE`;
    if (locked.length === 0) throw new InvitationError("That member no longer exists in this workspace.");
    const member = await tx.member.findUniqueOrThrow({
      where: { id: input.memberId },
      select: { id: true, userName: true, emails: true, status: true },
    });
    if (member.status === "DISABLED") throw new InvitationError("This member is deactivated. Reactivate them before resending the invitation.");
    if (member.status === "ACTIVE") throw new InvitationError("This member has already accepted an invitation and signed in.");

    const revoked = await tx.invitation.updateMany({
      where: { memberId: member.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.emailOutbox.updateMany({
      where: { status: "QUEUED", invitation: { memberId: member.id } },
      data: { status: "FAILED", lastError: SUPERSEDED_REASON, lockedUntil: null, updatedAt: now },
    });
    const toAddress = memberInvitationAddress(member);
    const queued = await queueInvitation(tx, { workspaceId: input.workspaceId, memberId: member.id, invitedBy, toAddress });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "invitation.resent",
      target: { type: "Member", id: member.id, label: member.userName },
      requestId: input.requestId,
      details: { invitationId: queued.invitationId, outboxId: queued.outboxId, to: toAddress, revokedInvitations: revoked.count },
    });
    return { ...queued, revoked: revoked.count, toAddress };
  });
}
