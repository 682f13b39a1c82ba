// The audit log: who did what to which target, with what outcome. Written inside the same
// transaction as the change it describes (so a rolled-back change leaves no "success" event).
// Never put secrets or passwords in details: scrubDetails() redacts secret values defensively
// (by key and by shape) and keeps the facts (`passwordChanged: true`).
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql } from "@/lib/db/raw-sql";

export type Actor =
  | { kind: "TOKEN"; id: string; label: string }
  | { kind: "MEMBER"; id: string; label: string }
  | { kind: "SYSTEM"; id?: undefined; label: string };

export interface AuditInput {
  workspaceId: string;
  actor: Actor;
  action: string;
  target?: { type: string; id?: string | null; label?: string | null };
  outcome?: "SUCCESS" | "FAILURE";
  requestId?: string | null;
  details?: Record<string, unknown>;
}


// Keys whose values are secrets. Facts about a secret stay readable: a boolean or null under
// such a key (`passwordChanged: true`, `passwordSet: false`), and keys that name or describe one
// (`tokenName`, `tokenId`, `tokenPrefix`) are kept; everything else under them is redacted.
const SENSITIVE_KEY = /pass(word)?|secret|token|authorization|hash|cookie|credential/i;
const DESCRIPTIVE_KEY = /(name|id|ids|prefix|label|count)$/i;
// Secrets recognised by their shape, wherever they appear (a detail message, a path, a label).
const SECRET_VALUES: RegExp[] = [
  /\bBearer\s+[^\s"']+/gi,
  /\broster_[A-Za-z0-9_-]{20,}/g, // API tokens (lib/tokens/secret.ts)
  /\$argon2(?:id|i|d)\$[^\s"']+/g, // password hashes
  /\/invite\/[A-Za-z0-9_-]{43}/g, // invitation links (lib/lifecycle/invitation-secret.ts; shape from lib/security/one-time-secret.ts)
];

const REDACTED = "[redacted]";

function scrubText(text: string): string {
  return SECRET_VALUES.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

export function scrubDetails(value: unknown): unknown {
  if (typeof value === "string") return scrubText(value);
  if (Array.isArray(value)) return value.map(scrubDetails);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubEntry(k, v)]));
  }
  return value;
}

function scrubEntry(key: string, value: unknown): unknown {
  if (!SENSITIVE_KEY.test(key) || DESCRIPTIVE_KEY.test(key) || value === null || typeof value === "boolean") return scrubDetails(value);
  return REDACTED;
}

export function auditData(input: AuditInput): Prisma.AuditEventUncheckedCreateInput {
  return {
    workspaceId: input.workspaceId,
    actorKind: input.actor.kind,
    actorId: input.actor.id ?? null,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    targetLabel: input.target?.label ?? null,
    outcome: input.outcome ?? "SUCCESS",
    requestId: input.requestId ?? null,
    details: (scrubDetails(input.details ?? {}) ?? {}) as Prisma.InputJsonValue,
  };
}

/** An event's column values as SQL: literals, or expressions over a statement's own rows. */
interface EventSql {
  action: Prisma.Sql;
  targetType: string | null;
  targetId: Prisma.Sql;
  targetLabel: Prisma.Sql;
  details: Prisma.Sql;
}

// createdAt is clock_timestamp(): events of one transaction keep their order, where the column
// default (transaction start) would give them all one time.
function insertEventSql(input: Omit<AuditInput, "action" | "details" | "target">, event: EventSql, from: Prisma.Sql | null): Prisma.Sql {
  const { workspaceId, actor, outcome = "SUCCESS", requestId = null } = input;
  return Prisma.sql`
    INSERT INTO "AuditEvent" ("workspaceId", "actorKind", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "requestId", "details", "createdAt")
    SELECT ${workspaceId}::uuid, ${actor.kind}::"ActorKind", ${actor.id ?? null}, ${actor.label}, ${event.action}, ${event.targetType}, ${event.targetId}, ${event.targetLabel},
           ${outcome}::"AuditOutcome", ${requestId}, ${event.details}, clock_timestamp()${from ? Prisma.sql` FROM ${from}` : Prisma.empty}`;
}

function literalEvent(input: AuditInput): EventSql {
  const d = auditData(input);
  return {
    action: Prisma.sql`${d.action}`,
    targetType: d.targetType ?? null,
    targetId: Prisma.sql`${d.targetId}`,
    targetLabel: Prisma.sql`${d.targetLabel}`,
    details: Prisma.sql`${JSON.stringify(d.details)}::jsonb`,
  };
}

/** The INSERT for one event, as SQL (so a write can send it in the same statement as the change, see lib/db/one-statement). */
export function auditInsertSql(input: AuditInput): Prisma.Sql {
  return insertEventSql(input, literalEvent(input), null);
}

/** The same event, written once per row of `from` (none when it is empty): "only if that write happened". */
export function auditInsertPerRowSql(input: AuditInput, from: Prisma.Sql): Prisma.Sql {
  return insertEventSql(input, literalEvent(input), from);
}

/**
 * The INSERT of one event for a statement that learns what it did only while running (e.g. how
 * many members it added): `action` and `details` are SQL expressions over the FROM list `from`,
 * which also supplies the target's id and label. No row in `from`, no event.
 */
export function auditInsertSelectSql(
  input: Omit<AuditInput, "action" | "details" | "target">,
  computed: { targetType: string; targetId: Prisma.Sql; targetLabel: Prisma.Sql; action: Prisma.Sql; details: Prisma.Sql; from: Prisma.Sql },
): Prisma.Sql {
  const { from, ...event } = computed;
  return insertEventSql(input, event, from);
}

export async function recordAudit(db: RawSql, input: AuditInput): Promise<void> {
  await db.$executeRaw(auditInsertSql(input));
}
