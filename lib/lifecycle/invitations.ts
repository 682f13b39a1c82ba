// Invitation transitions: queue one (an Invitation row and its EmailOutbox row, in the caller's
// transaction, so they commit with whatever invited the member), revoke the open ones, resend,
// accept. The outbox worker (lib/mail) delivers the email; it sets the link secret and expiry
// when it renders the message, so nothing secret is created here.
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { newId } from "@/lib/db/ids";
import type { RawSql, RawSqlTransaction } from "@/lib/db/raw-sql";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { mayManage } from "@/lib/permissions/roles";
import type { Door } from "./door";
import { InvitationRefusedError, NotAllowedError } from "./errors";

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

/** Queues an invitation and records `invitation.queued`, as every door that invites does. */
export async function queueAuditedInvitation(
  tx: RawSql,
  door: Door,
  input: QueueInvitationInput & { memberLabel: string },
): Promise<QueuedInvitation> {
  const queued = await queueInvitation(tx, input);
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: door.actor,
    action: "invitation.queued",
    target: { type: "Member", id: input.memberId, label: input.memberLabel },
    requestId: door.requestId,
    details: { ...queued, to: input.toAddress },
  });
  return queued;
}

/** Why an invitation's unsent email was cancelled: shown on Settings › Email. */
export const CANCELLED = {
  deprovisioned: "cancelled: the member was deactivated or deleted",
  accepted: "cancelled: the invitation was accepted",
  superseded: "cancelled: superseded by a resent invitation",
} as const;
export type CancelReason = keyof typeof CANCELLED;

export interface RevokeInput {
  workspaceId: string;
  memberId: string;
  reason: CancelReason;
  /** An invitation to leave open (the one being accepted). */
  except?: string | null;
}

/**
 * THE way a member's open invitations end: each is revoked (its link stops working at once) and
 * its email, if not sent yet, is marked FAILED with the reason (so Settings › Email says why).
 * One statement; returns how many invitations were revoked.
 */
export async function revokeOpenInvitations(tx: RawSql, input: RevokeInput, now = new Date()): Promise<number> {
  const [{ revoked }] = await tx.$queryRaw<{ revoked: number }[]>(revokeOpenInvitationsSql(input, now));
  return revoked;
}

/** The statement of revokeOpenInvitations (exported so a test can EXPLAIN it). */
export function revokeOpenInvitationsSql(input: RevokeInput, now: Date): Prisma.Sql {
  return Prisma.sql`
    WITH ${revokeOpenInvitationsCtes(input, now)}
    SELECT count(*)::int AS "revoked" FROM "revoked"`;
}

/**
 * The same revocation as two CTEs, "revoked" (RETURNING the invitations' ids) and "cancelled",
 * for a statement that revokes along with another write; `onlyIf` (SQL over that statement's
 * earlier CTEs) makes it happen only when that write did.
 */
export function revokeOpenInvitationsCtes(input: RevokeInput, now: Date, onlyIf?: Prisma.Sql): Prisma.Sql {
  // The emails are found by invitation id only (its index; an empty array reads nothing). The
  // status test is on text on purpose, so it can never steer PostgreSQL to the (status, ...) index:
  // during an IdP push that index holds thousands of QUEUED emails, while the statistics may say
  // there are none, and walking them all cost every deactivation milliseconds.
  const except = input.except ? Prisma.sql`AND "id" <> ${input.except}::uuid` : Prisma.empty;
  const condition = onlyIf ? Prisma.sql`AND ${onlyIf}` : Prisma.empty;
  return Prisma.sql`"revoked" AS (
      UPDATE "Invitation" SET "revokedAt" = ${now}::timestamptz
      WHERE "workspaceId" = ${input.workspaceId}::uuid AND "memberId" = ${input.memberId}::uuid AND "acceptedAt" IS NULL AND "revokedAt" IS NULL ${except} ${condition}
      RETURNING "id"
    ), "cancelled" AS (
      UPDATE "EmailOutbox" SET "status" = 'FAILED', "lastError" = ${CANCELLED[input.reason]}, "lockedUntil" = NULL, "updatedAt" = ${now}::timestamptz
      WHERE "invitationId" = ANY(ARRAY(SELECT "id" FROM "revoked")) AND "status"::text = 'QUEUED'
    )`;
}

export interface ResendInput {
  workspaceId: string;
  memberId: string;
  /** The name the email shows as the inviter; defaults to the actor's label. */
  invitedBy?: string;
  /** The signed-in member's role (admin door): Editors never act on Admins. */
  actorRole?: MemberRole;
}

export interface ResentInvitation extends QueuedInvitation {
  /** Earlier invitations whose links were invalidated. */
  revoked: number;
  toAddress: string;
}

/**
 * Resending: every open invitation of the member is revoked and a new one queued. The member row
 * is locked, so two admins clicking at once queue one each, in order, and the later revokes the
 * earlier. It is locked by a write that changes no value (not SELECT … FOR NO KEY UPDATE): the
 * write gives the row a new row version, so a deactivation computed from the row as it was before
 * (changeMemberById's one-statement path, conditioned on that version) does not happen blindly
 * next to an invitation its statement cannot see — it goes through the locked path, which does.
 */
export async function resendInvitation(transaction: RawSqlTransaction, door: Door, input: ResendInput, now = new Date()): Promise<ResentInvitation> {
  const invitedBy = input.invitedBy?.trim() || door.actor.label;
  return transaction(async (tx) => {
    const [member] = await tx.$queryRaw<{ id: string; userName: string; emails: unknown; status: string; role: MemberRole }[]>(Prisma.sql`
      UPDATE "Member" SET "status" = "status"
      WHERE "id" = ${input.memberId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
      RETURNING "id"::text AS "id", "userName", "emails", "status"::text AS "status", "role"`);
    if (!member) throw new InvitationRefusedError("That member no longer exists in this workspace.");
    if (input.actorRole && !mayManage(input.actorRole, member.role)) throw new NotAllowedError("not-permitted", "Only admins can resend an Admin's invitation.");
    if (member.status === "DISABLED") throw new InvitationRefusedError("This member is deactivated. Reactivate them before resending the invitation.");
    if (member.status === "ACTIVE") throw new InvitationRefusedError("This member has already accepted an invitation and signed in.");
    const revoked = await revokeOpenInvitations(tx, { workspaceId: input.workspaceId, memberId: member.id, reason: "superseded" }, now);
    const toAddress = invitationAddressOf(member);
    const queued = await queueInvitation(tx, { workspaceId: input.workspaceId, memberId: member.id, invitedBy, toAddress });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: door.actor,
      action: "invitation.resent",
      target: { type: "Member", id: member.id, label: member.userName },
      requestId: door.requestId,
      details: { ...queued, to: toAddress, revokedInvitations: revoked },
    });
    return { ...queued, revoked, toAddress };
  });
}

export interface AcceptInput {
  workspaceId: string;
  invitationId: string;
  memberId: string;
  /** The member's userName, for the audit event. */
  email: string;
  invitedBy: string;
  /** sha-256 of the link's secret: the invitation is used only if it still has it. */
  tokenHash: string;
  passwordHash: string;
}

/**
 * Accepting: the invitation is used up (single use even when two submissions race: one
 * conditional write), the password stored, the member's other open invitations revoked. Returns
 * false when the invitation was no longer open (used, replaced, expired, member disabled).
 * Signing in — which turns INVITED into ACTIVE — comes next (activateOnSignIn).
 */
export async function acceptInvitation(transaction: RawSqlTransaction, door: Door, input: AcceptInput, now = new Date()): Promise<boolean> {
  return transaction(async (tx) => {
    const used = await tx.$executeRaw(Prisma.sql`
      UPDATE "Invitation" SET "acceptedAt" = ${now}::timestamptz
      WHERE "id" = ${input.invitationId}::uuid AND "tokenHash" = ${input.tokenHash} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL
        AND "expiresAt" > ${now}::timestamptz
        AND EXISTS (SELECT 1 FROM "Member" WHERE "id" = ${input.memberId}::uuid AND "status" = 'INVITED')`);
    if (used !== 1) return false;
    await tx.$executeRaw(Prisma.sql`
      UPDATE "Member" SET "passwordHash" = ${input.passwordHash}, "version" = "version" + 1, "updatedAt" = ${now}::timestamptz
      WHERE "id" = ${input.memberId}::uuid`);
    await revokeOpenInvitations(tx, { workspaceId: input.workspaceId, memberId: input.memberId, reason: "accepted", except: input.invitationId }, now);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: door.actor,
      action: "invitation.accepted",
      target: { type: "Member", id: input.memberId, label: input.email },
      requestId: door.requestId,
      details: { invitationId: input.invitationId, invitedBy: input.invitedBy },
    });
    return true;
  });
}

/** The address an invitation goes to: the primary email, else the first, else the userName. */
export function invitationAddressOf(member: { userName: string; emails: unknown }): string {
  const emails = Array.isArray(member.emails) ? (member.emails as { value?: unknown; primary?: unknown }[]).filter((e) => typeof e?.value === "string" && e.value !== "") : [];
  return String((emails.find((e) => e.primary === true) ?? emails[0])?.value ?? member.userName);
}
