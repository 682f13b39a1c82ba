// Queues an invitation email for a member: an Invitation row and an EmailOutbox row (kind
// "invitation"), written with the caller's transaction client so they commit or roll back with
// whatever created the member. The outbox worker (lib/invitations) delivers the email; it sets the
// link secret (Invitation.tokenHash) and expiry when it renders the message, so nothing secret is
// created here.
import { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/db/ids";
import type { RawSql } from "@/lib/db/raw-sql";

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

/** The two INSERTs (invitation, then its email) with ids chosen here, for one-statement writes. */
export function queueInvitationSql(input: QueueInvitationInput): { statements: Prisma.Sql[]; queued: QueuedInvitation } {
  const queued = { invitationId: newId(), outboxId: newId() };
  const payload = JSON.stringify({ memberId: input.memberId, invitedBy: input.invitedBy });
  return {
    queued,
    statements: [
      Prisma.sql`
        INSERT INTO "Invitation" ("id", "workspaceId", "memberId", "invitedBy", "expiresAt")
        VALUES (${queued.invitationId}::uuid, ${input.workspaceId}::uuid, ${input.memberId}::uuid, ${input.invitedBy}, ${input.expiresAt ?? null}::timestamptz)`,
      Prisma.sql`
        INSERT INTO "EmailOutbox" ("id", "workspaceId", "invitationId", "kind", "toAddress", "status", "payload")
        VALUES (${queued.outboxId}::uuid, ${input.workspaceId}::uuid, ${queued.invitationId}::uuid, 'invitation', ${input.toAddress}, 'QUEUED', ${payload}::jsonb)`,
    ],
  };
}

export async function queueInvitation(tx: RawSql, input: QueueInvitationInput): Promise<QueuedInvitation> {
  const { statements, queued } = queueInvitationSql(input);
  for (const statement of statements) await tx.$executeRaw(statement);
  return queued;
}

/**
 * Revokes a member's open invitations and drops their emails that were not sent yet: a member
 * deprovisioned (deactivated or deleted) before accepting must not receive a join link. Returns
 * how many invitations were revoked. One statement.
 */
export async function cancelOpenInvitations(tx: RawSql, input: { workspaceId: string; memberId: string }, now = new Date()): Promise<number> {
  const [{ revoked }] = await tx.$queryRaw<{ revoked: number }[]>(cancelOpenInvitationsSql(input, now));
  return revoked;
}

/** The statement of cancelOpenInvitations (exported so a test can EXPLAIN it). */
export function cancelOpenInvitationsSql(input: { workspaceId: string; memberId: string }, now: Date): Prisma.Sql {
  // The emails are found by invitation id only (its index; an empty array reads nothing). The
  // status test is on text on purpose, so it can never steer PostgreSQL to the (status, ...) index:
  // during an IdP push that index holds thousands of QUEUED emails, while the statistics may say
  // there are none, and walking them all cost every deactivation milliseconds.
  return Prisma.sql`
    WITH "revoked" AS (
      UPDATE "Invitation" SET "revokedAt" = ${now}::timestamptz
      WHERE "workspaceId" = ${input.workspaceId}::uuid AND "memberId" = ${input.memberId}::uuid AND "acceptedAt" IS NULL AND "revokedAt" IS NULL
      RETURNING "id"
    ), "dropped" AS (
      DELETE FROM "EmailOutbox" WHERE "invitationId" = ANY(ARRAY(SELECT "id" FROM "revoked")) AND "status"::text = 'QUEUED'
    )
    SELECT count(*)::int AS "revoked" FROM "revoked"`;
}
