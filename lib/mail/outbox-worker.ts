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
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";
import { getEnv } from "@/lib/env";
import { generateInvitationSecret, invitationLink } from "@/lib/invitations/secret";
import { publicBaseUrl } from "./base-url";
import { renderInvitationEmail } from "./templates/invitation";
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
export async function claimDueEmails(prisma: PrismaClient, now: Date, policy: Pick<OutboxPolicy, "batchSize" | "leaseMs">): Promise<ClaimedEmail[]> {
  const leaseEnd = new Date(now.getTime() + policy.leaseMs);
  return prisma.$queryRaw<ClaimedEmail[]>`
    UPDATE "EmailOutbox" AS o
    SET "status" = 'SENDING', "lockedUntil" = ${leaseEnd}::timestamptz, "attempts" = o."attempts" + 1, "updatedAt" = ${now}::timestamptz
    WHERE o."id" IN (
      SELECT c."id" FROM "EmailOutbox" AS c
      WHERE (c."status" = 'QUEUED' AND c."nextAttemptAt" <= ${now}::timestamptz)
         OR (c."status" = 'SENDING' AND c."lockedUntil" < ${now}::timestamptz)
      ORDER BY c."nextAttemptAt", c."id"
      LIMIT ${policy.batchSize}
      FOR UPDATE SKIP LOCKED)
    RETURNING o."id"::text AS "id", o."workspaceId"::text AS "workspaceId", o."invitationId"::text AS "invitationId",
              o."kind", o."toAddress", o."payload", o."attempts"`;
}

/** Delivers every due row (up to maxRowsPerRun); the worker calls this every few seconds. */
export async function deliverDueEmails(
  prisma: PrismaClient,
  transport: MailTransport,
  now: Date = new Date(),
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const policy = { ...DEFAULT_POLICY, ...options.policy };
  const context: Context = {
    prisma,
    transport,
    now,
    policy,
    baseUrl: options.baseUrl ?? publicBaseUrl(),
    ttlDays: options.ttlDays ?? getEnv().INVITATION_TTL_DAYS,
    log: options.log ?? ((message) => console.warn(message)),
  };
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  while (report.claimed < policy.maxRowsPerRun) {
    const rows = await claimDueEmails(prisma, now, { batchSize: Math.min(policy.batchSize, policy.maxRowsPerRun - report.claimed), leaseMs: policy.leaseMs });
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
  prisma: PrismaClient;
  transport: MailTransport;
  now: Date;
  policy: OutboxPolicy;
  baseUrl: string;
  ttlDays: number;
  log: (message: string) => void;
}

/** Still ours? (status SENDING with our attempt number), locking the row until the transaction ends. */
async function holdsClaim(tx: Prisma.TransactionClient, row: ClaimedEmail): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "EmailOutbox"
    WHERE "id" = ${row.id}::uuid AND "status" = 'SENDING' AND "attempts" = ${row.attempts} FOR UPDATE`;
  return rows.length === 1;
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

  const invitation = await ctx.prisma.invitation.findUnique({
    where: { id: row.invitationId },
    select: {
      id: true,
      invitedBy: true,
      tokenHash: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      member: { select: { id: true, userName: true, displayName: true, givenName: true, status: true } },
      workspace: { select: { name: true } },
    },
  });
  if (!invitation) return recordFailure(ctx, row, null, "not sent: the member was deleted", true);
  const member = invitation.member;
  const skip =
    invitation.acceptedAt ? "not sent: the invitation was already accepted"
    : invitation.revokedAt ? "not sent: a newer invitation replaced this one"
    : member.status === "DISABLED" ? "not sent: the member is disabled"
    : member.status === "ACTIVE" ? "not sent: the member is already active"
    : null;
  if (skip) return recordFailure(ctx, row, member, skip, true);

  // A new secret for this attempt; only its hash is stored, in a transaction that checks the claim.
  const { secret, hash } = generateInvitationSecret();
  // The first rendering honours an expiry chosen at queue time; a re-render gets a full lifetime.
  const expiresAt =
    invitation.expiresAt && !invitation.tokenHash ? invitation.expiresAt : new Date(ctx.now.getTime() + ctx.ttlDays * DAY_MS);
  const stored = await ctx.prisma.$transaction(async (tx) => {
    if (!(await holdsClaim(tx, row))) return "lost" as const;
    const updated = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hash, expiresAt },
    });
    return updated.count === 1 ? ("ok" as const) : ("closed" as const);
  });
  if (stored === "lost") return abandon(ctx, row);
  if (stored === "closed") return recordFailure(ctx, row, member, "not sent: the invitation was accepted or replaced meanwhile", true);

  const link = invitationLink(ctx.baseUrl, secret);
  const email = renderInvitationEmail({
    workspaceName: invitation.workspace.name,
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
    // Without SMTP (development) the outbox page shows the logged message, link included. Never
    // stored when SMTP is configured: the link's secret must not sit in the database.
    ...(ctx.transport.kind === "log" ? { loggedMessage: { subject: email.subject, text: email.text, link } } : {}),
  } as Prisma.InputJsonValue;
  const marked = await ctx.prisma.$transaction(async (tx) => {
    const done = await tx.$executeRaw`
      UPDATE "EmailOutbox" SET "status" = 'SENT', "sentAt" = ${ctx.now}::timestamptz, "lockedUntil" = NULL, "lastError" = NULL,
        "payload" = ${JSON.stringify(payload)}::jsonb, "updatedAt" = ${ctx.now}::timestamptz
      WHERE "id" = ${row.id}::uuid AND "status" = 'SENDING' AND "attempts" = ${row.attempts}`;
    if (done !== 1) return false;
    await recordAudit(tx, {
      workspaceId: row.workspaceId,
      actor: WORKER_ACTOR,
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
    });
    return true;
  });
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
  return ctx.prisma.$transaction(async (tx) => {
    const status = final ? "FAILED" : "QUEUED";
    const done = await tx.$executeRaw`
      UPDATE "EmailOutbox" SET "status" = ${status}::"OutboxStatus", "lockedUntil" = NULL, "lastError" = ${lastError},
        "nextAttemptAt" = COALESCE(${nextAttemptAt}::timestamptz, "nextAttemptAt"), "updatedAt" = ${ctx.now}::timestamptz
      WHERE "id" = ${row.id}::uuid AND "status" = 'SENDING' AND "attempts" = ${row.attempts}`;
    if (done !== 1) return abandon(ctx, row);
    const memberId = member?.id ?? memberIdOf(row);
    await recordAudit(tx, {
      workspaceId: row.workspaceId,
      actor: WORKER_ACTOR,
      action: "invitation.email_failed",
      target: { type: "Member", id: memberId, label: member?.userName ?? row.toAddress },
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
    });
    return final ? "failed" : "retrying";
  });
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
