// The email outbox worker. Rows are written in the same transaction as whatever caused them
// (lib/directory/queue-invitation.ts); this delivers them, at least once, and never sends a
// message again once the SMTP server accepted it and we recorded that.
//
// Claiming — safe with several app instances on one PostgreSQL database:
//   UPDATE … SET status = SENDING, lockedUntil = now + lease, attempts = attempts + 1
//   WHERE id IN (SELECT … due QUEUED rows, or SENDING rows whose lease ran out …
//                FOR UPDATE SKIP LOCKED LIMIT batch)
// One statement: two workers never claim the same row (the second skips locked rows, and
// re-checks the condition on rows committed meanwhile). `attempts` doubles as a fencing token:
// every later write says `WHERE status = 'SENDING' AND attempts = <mine>`, so a worker whose
// lease expired (and whose row was reclaimed) can no longer touch it.
//
// Crash safety: a process dying before commit loses nothing (the row is still QUEUED); dying
// while SENDING leaves a lease that expires, and the row is reclaimed (attempts counts it, so a
// message that kills the worker every time ends FAILED rather than looping). The only duplicate
// possible is a crash between the SMTP server's "250 OK" and the next statement (marking SENT).
//
// Rendering happens here, not at queue time: the invitation link's secret is generated per
// attempt, only its hash goes to Invitation.tokenHash, so every retry or resend issues a new
// link and the previous one stops working.
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql } from "@/lib/db/raw-sql";
import type { MemberStatus } from "@/lib/generated/prisma/enums";
import { auditInsertPerRowSql, type Actor, type AuditInput } from "@/lib/audit";
import { withSideEffects } from "@/lib/db/one-statement";
import { getEnv } from "@/lib/env";
import { generateInvitationSecret, invitationLink } from "@/lib/lifecycle/invitation-secret";
import { publicBaseUrl } from "./base-url";
import { renderInvitationEmail, renderSsoInvitationEmail } from "./templates/invitation";
import type { MailTransport } from "./transport";

export interface OutboxPolicy {
  /** Attempts before a message is marked FAILED (each SMTP try counts, including crashed ones). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time, capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long a claimed row stays ours; longer than the SMTP timeouts (transport.ts). */
  leaseMs: number;
  /** Rows claimed per statement. */
  batchSize: number;
  /** Most rows one deliverDueEmails() call handles. */
  maxRowsPerRun: number;
}

// 8 attempts: now, +30 s, +1 min, +2, +4, +8, +16, +32 min → FAILED about an hour after queueing.
export const DEFAULT_POLICY: OutboxPolicy = {
  maxAttempts: 8,
  baseDelayMs: 30_000,
  maxDelayMs: 60 * 60_000,
  leaseMs: 5 * 60_000,
  batchSize: 10,
  maxRowsPerRun: 100,
};

/** Delay after the `attempts`-th failed attempt (attempts ≥ 1). */
export function retryDelayMs(attempts: number, policy: Pick<OutboxPolicy, "baseDelayMs" | "maxDelayMs"> = DEFAULT_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryOptions {
  policy?: Partial<OutboxPolicy>;
  /** Base of invitation links; default PUBLIC_URL (see base-url.ts). */
  baseUrl?: string;
  /** Invitation lifetime; default INVITATION_TTL_DAYS. */
  ttlDays?: number;
  log?: (message: string) => void;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Rows that ended FAILED (gave up, permanent rejection, or nothing left to invite). */
  failed: number;
}

/** What the stored copy of a logged email shows instead of the invitation link. */
export const LINK_PLACEHOLDER = "[invitation link: in the server log only]";

export const WORKER_ACTOR: Actor = { kind: "SYSTEM", label: "email worker" };
const DAY_MS = 24 * 60 * 60_000;

export interface ClaimedEmail {
  id: string;
  workspaceId: string;
  invitationId: string | null;
  kind: string;
  toAddress: string;
  payload: unknown;
  attempts: number;
}

/** Claims up to `batchSize` due rows for this worker (see the comment at the top). */
export async function claimDueEmails(sql: RawSql, now: Date, policy: Pick<OutboxPolicy, "batchSize" | "leaseMs">): Promise<ClaimedEmail[]> {
  const leaseEnd = new Date(now.getTime() + policy.leaseMs);
  // Two index walks on (status, nextAttemptAt) that stop after batchSize rows. Written as one OR,
  // PostgreSQL fetched and sorted every due row: 160 ms per claim with 400,000 queued, which a
  // few large pushes leave behind (numbers in the performance issue). Expired leases first (the
  // oldest work); the queued walk takes what is left of the batch.
  return sql.$queryRaw<ClaimedEmail[]>(Prisma.sql`
    WITH "expired" AS (
      SELECT c."id" FROM "EmailOutbox" AS c
      WHERE c."status" = 'SENDING' AND c."lockedUntil" < ${now}::timestamptz
      ORDER BY c."nextAttemptAt", c."id"
      LIMIT ${policy.batchSize}
      FOR UPDATE SKIP LOCKED
    ), "queued" AS (
      SELECT c."id" FROM "EmailOutbox" AS c
      WHERE c."status" = 'QUEUED' AND c."nextAttemptAt" <= ${now}::timestamptz
      ORDER BY c."nextAttemptAt", c."id"
      LIMIT ${policy.batchSize} - (SELECT count(*) FROM "expired")
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "EmailOutbox" AS o
    SET "status" = 'SENDING', "lockedUntil" = ${leaseEnd}::timestamptz, "attempts" = o."attempts" + 1, "updatedAt" = ${now}::timestamptz
    WHERE o."id" IN (SELECT "id" FROM "expired" UNION ALL SELECT "id" FROM "queued")
    RETURNING o."id"::text AS "id", o."workspaceId"::text AS "workspaceId", o."invitationId"::text AS "invitationId",
              o."kind", o."toAddress", o."payload", o."attempts"`);
}

/** Delivers every due row (up to maxRowsPerRun); the worker calls this every few seconds. */
export async function deliverDueEmails(
  sql: RawSql,
  transport: MailTransport,
  now: Date = new Date(),
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const context: Context = {
    sql,
    transport,
    now,
    policy,
    baseUrl: options.baseUrl ?? publicBaseUrl(),
    ttlDays: options.ttlDays ?? getEnv().INVITATION_TTL_DAYS,
    log: options.log ?? ((message) => console.warn(message)),
  };
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  while (report.claimed < policy.maxRowsPerRun) {
    const rows = await claimDueEmails(sql, now, { batchSize: Math.min(policy.batchSize, policy.maxRowsPerRun - report.claimed), leaseMs: policy.leaseMs });
    if (rows.length === 0) break;
    report.claimed += rows.length;
    for (const row of rows) {
      const outcome = await deliverOne(context, row).catch(async (error: unknown) => {
        // Anything unexpected (a database hiccup while rendering…) is a retryable failure.
        context.log(`[roster] email ${row.id}: unexpected error: ${(error as Error).message}`);
        return recordFailure(context, row, null, describeError(error), false).catch(() => "abandoned" as const);
      });
      if (outcome === "sent") report.sent++;
      else if (outcome === "retrying") report.retrying++;
      else if (outcome === "failed") report.failed++;
    }
  }
  return report;
}

type Outcome = "sent" | "retrying" | "failed" | "abandoned";

interface Context {
  /** The raw-SQL handle (lib/db): the pg pool, or PGlite's own protocol — never Prisma's query engine. */
  sql: RawSql;
  transport: MailTransport;
  now: Date;
  policy: OutboxPolicy;
  baseUrl: string;
  ttlDays: number;
  log: (message: string) => void;
}

interface InvitationToSend {
  id: string;
  invitedBy: string;
  tokenHash: string | null;
  expiresAt: Date | null;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  workspaceName: string;
  workspaceSlug: string;
  /** The IdP to sign in with when the workspace requires SSO and the member came from SCIM; else null. */
  ssoName: string | null;
  member: { id: string; userName: string; displayName: string | null; givenName: string | null; status: MemberStatus };
}

/** The invitation with its member and workspace name, in one statement. */
async function loadInvitation(sql: RawSql, invitationId: string): Promise<InvitationToSend | null> {
  const rows = await sql.$queryRaw<(Omit<InvitationToSend, "member"> & { memberId: string; userName: string; displayName: string | null; givenName: string | null; status: MemberStatus })[]>(Prisma.sql`
    SELECT i."id"::text AS "id", i."invitedBy", i."tokenHash", i."expiresAt", i."acceptedAt", i."revokedAt", w."name" AS "workspaceName",
           w."slug" AS "workspaceSlug",
           -- When the workspace requires SSO, people provisioned by the IdP are invited to sign in through it.
           CASE WHEN w."requireSso" AND m."source" = 'SCIM' AND NOT m."breakGlass" THEN c."displayName" END AS "ssoName",
           m."id"::text AS "memberId", m."userName", m."displayName", m."givenName", m."status"::text AS "status"
    FROM "Invitation" i JOIN "Member" m ON m."id" = i."memberId" JOIN "Workspace" w ON w."id" = i."workspaceId"
    LEFT JOIN "SsoConnection" c ON c."workspaceId" = w."id" AND c."enabled"
    WHERE i."id" = ${invitationId}::uuid`);
  const row = rows[0];
  if (!row) return null;
  const { memberId, userName, displayName, givenName, status, ...invitation } = row;
  return { ...invitation, member: { id: memberId, userName, displayName, givenName, status } };
}

// Every write below is ONE statement that first checks the claim (status SENDING with our attempt
// number, the row locked until the statement ends) and writes only while we still hold it: the
// same guarantee as a transaction around check and write, in one round trip.
const heldClaim = (row: ClaimedEmail) => Prisma.sql`
  SELECT "id" FROM "EmailOutbox" WHERE "id" = ${row.id}::uuid AND "status" = 'SENDING' AND "attempts" = ${row.attempts} FOR UPDATE`;

/** Stores the new link's hash on the still-open invitation, while the claim holds. */
async function storeLinkHash(ctx: Context, row: ClaimedEmail, invitationId: string, hash: string, expiresAt: Date): Promise<"ok" | "lost" | "closed"> {
  const [result] = await ctx.sql.$queryRaw<{ held: number; stored: number }[]>(Prisma.sql`
    WITH "claim" AS (${heldClaim(row)}),
    "stored" AS (
      UPDATE "Invitation" SET "tokenHash" = ${hash}, "expiresAt" = ${expiresAt}::timestamptz
      WHERE "id" = ${invitationId}::uuid AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND EXISTS (SELECT 1 FROM "claim")
      RETURNING "id")
    SELECT (SELECT count(*) FROM "claim")::int AS "held", (SELECT count(*) FROM "stored")::int AS "stored"`);
  return result.held === 0 ? "lost" : result.stored === 1 ? "ok" : "closed";
}

/** UPDATE of our claimed row and its audit event, in one statement; false (nothing written) if the claim is gone. */
async function finishClaim(ctx: Context, row: ClaimedEmail, set: Prisma.Sql, audit: Pick<AuditInput, "action" | "target" | "outcome" | "details">): Promise<boolean> {
  const update = Prisma.sql`
    UPDATE "EmailOutbox" SET ${set}, "lockedUntil" = NULL, "updatedAt" = ${ctx.now}::timestamptz
    WHERE "id" = ${row.id}::uuid AND "status" = 'SENDING' AND "attempts" = ${row.attempts}
    RETURNING "id"`;
  const event = auditInsertPerRowSql({ workspaceId: row.workspaceId, actor: WORKER_ACTOR, ...audit }, Prisma.sql`"main"`);
  const done = await ctx.sql.$queryRaw<{ id: string }[]>(withSideEffects(update, [event]));
  return done.length === 1;
}

function memberIdOf(row: ClaimedEmail): string | null {
  const payload = row.payload as { memberId?: unknown } | null;
  return typeof payload?.memberId === "string" ? payload.memberId : null;
}

async function deliverOne(ctx: Context, row: ClaimedEmail): Promise<Outcome> {
  if (row.attempts > ctx.policy.maxAttempts) {
    // Reclaimed after its last allowed attempt died mid-way (the process stopped while sending).
    return recordFailure(ctx, row, null, `gave up after ${ctx.policy.maxAttempts} attempts (delivery kept being interrupted)`, true);
  }
  if (row.kind !== "invitation") return recordFailure(ctx, row, null, `unknown email kind "${row.kind}"`, true);
  // SCIM DELETE removes the member, cascading to the invitation; the outbox row keeps a null invitationId.
  if (!row.invitationId) return recordFailure(ctx, row, null, "not sent: the member was deleted", true);

  const invitation = await loadInvitation(ctx.sql, row.invitationId);
  if (!invitation) return recordFailure(ctx, row, null, "not sent: the member was deleted", true);
  const member = invitation.member;
  const skip =
    invitation.acceptedAt ? "not sent: the invitation was already accepted"
    : invitation.revokedAt ? "not sent: a newer invitation replaced this one"
    : member.status === "DISABLED" ? "not sent: the member is disabled"
    : member.status === "ACTIVE" ? "not sent: the member is already active"
    : null;
  if (skip) return recordFailure(ctx, row, member, skip, true);

  // A new secret for this attempt; only its hash is stored, and only while the claim holds.
  const { secret, hash } = generateInvitationSecret();
  // The first rendering honours an expiry chosen at queue time; a re-render gets a full lifetime.
  const expiresAt =
    invitation.expiresAt && !invitation.tokenHash ? invitation.expiresAt : new Date(ctx.now.getTime() + ctx.ttlDays * DAY_MS);
  const stored = await storeLinkHash(ctx, row, invitation.id, hash, expiresAt);
  if (stored === "lost") return abandon(ctx, row);
  if (stored === "closed") return recordFailure(ctx, row, member, "not sent: the invitation was accepted or replaced meanwhile", true);

  const link = invitation.ssoName ? `${ctx.baseUrl.replace(/\/+$/, "")}/sign-in/${invitation.workspaceSlug}` : invitationLink(ctx.baseUrl, secret);
  const email = (invitation.ssoName ? renderSsoInvitationEmail : renderInvitationEmail)({
    idpName: invitation.ssoName ?? "",
    workspaceName: invitation.workspaceName,
    invitedBy: invitation.invitedBy,
    recipientName: member.displayName ?? member.givenName,
    recipientEmail: member.userName,
    link,
    expiresAt,
  });

  let response: string | undefined;
  try {
    const result = await ctx.transport.send({
      to: row.toAddress,
      ...email,
      headers: { "X-Roster-Outbox-Id": row.id, "Auto-Submitted": "auto-generated" },
    });
    response = result.response;
  } catch (error) {
    const reason = describeError(error).replaceAll(secret, "[link]");
    return recordFailure(ctx, row, member, reason, isPermanent(error));
  }

  // Accepted by the SMTP server: record it at once, so a retry never sends it again.
  const payload = {
    ...(isObject(row.payload) ? row.payload : {}),
    transport: ctx.transport.kind,
    // Without SMTP the outbox page shows the logged message, but never the link: a working link
    // lives only in the email (here the server log), never in the database.
    ...(ctx.transport.kind === "log" ? { loggedMessage: { subject: email.subject, text: email.text.replaceAll(link, LINK_PLACEHOLDER) } } : {}),
  };
  const marked = await finishClaim(
    ctx,
    row,
    Prisma.sql`"status" = 'SENT', "sentAt" = ${ctx.now}::timestamptz, "lastError" = NULL, "payload" = ${JSON.stringify(payload)}::jsonb`,
    {
      action: "invitation.email_sent",
      target: { type: "Member", id: member.id, label: member.userName },
      details: {
        invitationId: invitation.id,
        outboxId: row.id,
        to: row.toAddress,
        attempt: row.attempts,
        via: ctx.transport.kind === "log" ? "server log (no SMTP configured)" : ctx.transport.description,
        ...(response ? { smtpResponse: response.slice(0, 200) } : {}),
      },
    },
  );
  if (!marked) return abandon(ctx, row);
  return "sent";
}

function abandon(ctx: Context, row: ClaimedEmail): Outcome {
  ctx.log(`[roster] email ${row.id}: lease lost to another worker (attempt ${row.attempts}); leaving it to them`);
  return "abandoned";
}

async function recordFailure(
  ctx: Context,
  row: ClaimedEmail,
  member: { id: string; userName: string } | null,
  reason: string,
  permanent: boolean,
): Promise<Outcome> {
  const final = permanent || row.attempts >= ctx.policy.maxAttempts;
  const nextAttemptAt = final ? null : new Date(ctx.now.getTime() + retryDelayMs(row.attempts, ctx.policy));
  const lastError = (final && !permanent ? `${reason} (gave up after ${row.attempts} attempts)` : reason).slice(0, 1000);
  const status = final ? "FAILED" : "QUEUED";
  const recorded = await finishClaim(
    ctx,
    row,
    Prisma.sql`"status" = ${status}::"OutboxStatus", "lastError" = ${lastError}, "nextAttemptAt" = COALESCE(${nextAttemptAt}::timestamptz, "nextAttemptAt")`,
    {
      action: "invitation.email_failed",
      target: { type: "Member", id: member?.id ?? memberIdOf(row), label: member?.userName ?? row.toAddress },
      outcome: "FAILURE",
      details: {
        reason,
        invitationId: row.invitationId,
        outboxId: row.id,
        to: row.toAddress,
        attempt: row.attempts,
        willRetry: !final,
        ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}),
      },
    },
  );
  if (!recorded) return abandon(ctx, row);
  return final ? "failed" : "retrying";
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** The server refused this message or recipient for good (5xx): retrying would not help. */
export function isPermanent(error: unknown): boolean {
  const e = error as SmtpError;
  return (e?.code === "EENVELOPE" || e?.code === "EMESSAGE") && typeof e.responseCode === "number" && e.responseCode >= 500;
}

/** A short, secret-free reason for lastError and the audit log. */
export function describeError(error: unknown): string {
  const e = error as SmtpError;
  const message = (e?.message ?? String(error)).replace(/\s+/g, " ").trim();
  return (e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message).slice(0, 500);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
