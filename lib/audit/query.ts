// Reading the audit log for the Activity page: newest first, filtered, keyset-paginated on
// (createdAt, id) so page 1,000 costs the same as page 1 and no COUNT over the whole log is needed.
import type { AuditEvent, Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { ActorKind, AuditOutcome } from "@/lib/generated/prisma/enums";

export const ACTOR_KIND_FILTERS = { token: "TOKEN", admin: "MEMBER", system: "SYSTEM" } as const satisfies Record<string, ActorKind>;
export type ActorKindFilter = keyof typeof ACTOR_KIND_FILTERS;
export const OUTCOME_FILTERS = { success: "SUCCESS", failure: "FAILURE" } as const satisfies Record<string, AuditOutcome>;
export type OutcomeFilter = keyof typeof OUTCOME_FILTERS;
/**
 * The Activity page's categories: families of actions by their prefix. Single sign-on holds every
 * `sso.*` event — connection changes, Test connection, refused sign-ins (`sso.refused`), Require
 * SSO and its refusals, break-glass refusals.
 */
export const CATEGORY_FILTERS = {
  members: { label: "Members and groups", prefixes: ["member.", "group."] },
  provisioning: { label: "Provisioning (SCIM)", prefixes: ["scim."] },
  invitations: { label: "Invitations and email", prefixes: ["invitation."] },
  sso: { label: "Single sign-on", prefixes: ["sso."] },
  access: { label: "Access refused", prefixes: ["access."] },
  settings: { label: "Settings, tokens and workspace", prefixes: ["settings.", "token.", "workspace."] },
} as const satisfies Record<string, { label: string; prefixes: readonly string[] }>;
export type CategoryFilter = keyof typeof CATEGORY_FILTERS;

export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export interface ListAuditEventsInput {
  workspaceId: string;
  actor?: ActorKindFilter;
  /** A family of actions (CATEGORY_FILTERS). */
  category?: CategoryFilter;
  action?: string;
  outcome?: OutcomeFilter;
  /** A target id (exact) or the start of a target label (case-insensitive). */
  target?: string;
  /** Events older than this cursor (the next page). */
  before?: AuditCursor;
  /** Events newer than this cursor (the previous page). */
  after?: AuditCursor;
  limit?: number;
}

export type AuditEventRow = AuditEvent;

export interface AuditPage {
  events: AuditEventRow[];
  /** Cursor for older events, or null at the end of the log. */
  olderCursor: AuditCursor | null;
  /** Cursor for newer events, or null when this is the newest page. */
  newerCursor: AuditCursor | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(c: AuditCursor): string {
  return `${c.createdAt.toISOString()}_${c.id}`;
}

export function decodeCursor(value: string | undefined | null): AuditCursor | undefined {
  if (!value) return undefined;
  const [iso, id] = value.split("_");
  const createdAt = new Date(iso ?? "");
  if (Number.isNaN(createdAt.getTime()) || !id || !UUID.test(id)) return undefined;
  return { createdAt, id };
}

function filters(input: ListAuditEventsInput): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { workspaceId: input.workspaceId };
  if (input.actor) where.actorKind = ACTOR_KIND_FILTERS[input.actor];
  if (input.action) where.action = input.action;
  if (input.category) where.AND = [{ OR: CATEGORY_FILTERS[input.category].prefixes.map((prefix) => ({ action: { startsWith: prefix } })) }];
  if (input.outcome) where.outcome = OUTCOME_FILTERS[input.outcome];
  const target = input.target?.trim();
  if (target) {
    where.OR = UUID.test(target)
      ? [{ targetId: target.toLowerCase() }, { targetId: target }]
      : [{ targetLabel: { startsWith: target, mode: "insensitive" } }, { targetId: target }];
  }
  return where;
}

function olderThan(c: AuditCursor): Prisma.AuditEventWhereInput {
  return { OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] };
}

function newerThan(c: AuditCursor): Prisma.AuditEventWhereInput {
  return { OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }] };
}

export async function listAuditEvents(prisma: PrismaClient, input: ListAuditEventsInput): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), 200);
  const base = filters(input);
  const cursor = input.after ? newerThan(input.after) : input.before ? olderThan(input.before) : undefined;
  const ascending = !!input.after;
  const found = await prisma.auditEvent.findMany({
    where: cursor ? { AND: [base, cursor] } : base,
    orderBy: ascending ? [{ createdAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const hasMore = found.length > limit;
  const page = found.slice(0, limit);
  const events = ascending ? page.reverse() : page;
  const first = events[0];
  const last = events[events.length - 1];
  // Going back (after=…) we know more newer ones exist from hasMore; going forward, newer ones exist if we came from a cursor.
  const hasNewer = ascending ? hasMore : !!input.before;
  const hasOlder = ascending ? true : hasMore;
  return {
    events,
    olderCursor: hasOlder && last ? { createdAt: last.createdAt, id: last.id } : null,
    newerCursor: hasNewer && first ? { createdAt: first.createdAt, id: first.id } : null,
  };
}

/** Actions seen in this workspace's recent log, for the action filter's suggestions. */
export async function recentAuditActions(prisma: PrismaClient, workspaceId: string, window = 5000): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ action: string }[]>`
    SELECT DISTINCT "action" FROM (
      SELECT "action" FROM "AuditEvent" WHERE "workspaceId" = ${workspaceId}::uuid ORDER BY "createdAt" DESC LIMIT ${window}
    ) recent ORDER BY "action"`;
  return rows.map((r) => r.action);
}
