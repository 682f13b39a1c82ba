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
