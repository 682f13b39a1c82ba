// Queues an invitation email for a member: an Invitation row and an EmailOutbox row (kind
// "invitation"), written with the caller's transaction client so they commit or roll back with
// whatever created the member. The outbox worker (lib/invitations) delivers the email; it sets the
// link secret (Invitation.tokenHash) and expiry when it renders the message, so nothing secret is
// created here.
import type { Prisma } from "@/lib/generated/prisma/client";

export interface QueueInvitationInput {
  workspaceId: string;
  memberId: string;
  /** Who invited: an admin's label, or the API token's name for SCIM provisioning. */
  invitedBy: string;
  /** The primary email, else the userName. */
  toAddress: string;
  /** Optional expiry decided by the caller; by default the worker sets it when it sends. */
  expiresAt?: Date | null;
}

export interface QueuedInvitation {
  invitationId: string;
  outboxId: string;
}

export async function queueInvitation(tx: Prisma.TransactionClient, input: QueueInvitationInput): Promise<QueuedInvitation> {
  const invitation = await tx.invitation.create({
    data: {
      workspaceId: input.workspaceId,
      memberId: input.memberId,
      invitedBy: input.invitedBy,
      expiresAt: input.expiresAt ?? null,
    },
    select: { id: true },
  });
  const outbox = await tx.emailOutbox.create({
    data: {
      workspaceId: input.workspaceId,
      invitationId: invitation.id,
      kind: "invitation",
      toAddress: input.toAddress,
      status: "QUEUED",
      payload: { memberId: input.memberId, invitedBy: input.invitedBy },
    },
    select: { id: true },
  });
  return { invitationId: invitation.id, outboxId: outbox.id };
}

/**
 * Revokes a member's open invitations and drops their emails that were not sent yet: a member
 * deprovisioned (deactivated or deleted) before accepting must not receive a join link. Returns
 * how many invitations were revoked.
 */
export async function cancelOpenInvitations(
  tx: Prisma.TransactionClient,
  input: { workspaceId: string; memberId: string },
  now = new Date(),
): Promise<number> {
  const open = await tx.invitation.findMany({
    where: { workspaceId: input.workspaceId, memberId: input.memberId, acceptedAt: null, revokedAt: null },
    select: { id: true },
  });
  if (open.length === 0) return 0;
  const ids = open.map((invitation) => invitation.id);
  await tx.emailOutbox.deleteMany({ where: { invitationId: { in: ids }, status: "QUEUED" } });
  await tx.invitation.updateMany({ where: { id: { in: ids } }, data: { revokedAt: now } });
  return ids.length;
}
