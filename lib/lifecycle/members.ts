// Member transitions. Each is one function, run in one transaction with its audit event and its
// version bump, and called by every door — SCIM, the admin UI, invitation acceptance, sign-in,
// the CLI — so a rule (who may be disabled, what happens to open invitations, when an invitation
// goes out) is written once. Rows are read and written by lib/directory's member store.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
import { auditInsertSelectSql, auditInsertSql, recordAudit, scrubDetails } from "@/lib/audit";
import type { RawSql, RawSqlTransaction } from "@/lib/db/raw-sql";
import { newId } from "@/lib/db/ids";
import { withSideEffects } from "@/lib/db/one-statement";
import { isRetryableConflict, isUniqueViolation } from "@/lib/directory/db-errors";
import { changedColumns } from "@/lib/directory/scim-records";
import {
  deleteMemberRow,
  findMember,
  groupsOfMember,
  insertMemberSql,
  updateMemberRow,
  updateMemberRowSql,
  type MemberRow,
  type MemberRowAt,
  type MemberWritable,
} from "@/lib/directory/scim-user-store";
import { statusForActive } from "@/lib/directory/status";
import {
  assignableRoles,
  atLeast,
  describeRoleSource,
  effectiveRole,
  highestRole,
  mayManage,
  ROLE_LABEL,
  roleFromScimRoles,
  type Permission,
} from "@/lib/permissions/roles";
import { ensureNotLastActiveAdmin, lockWorkspace, requirePermittedActor } from "./admins";
import { memberAction, type Door } from "./door";
import { CannotDeactivateSelfError, ManualCredentialsError, MemberNotFoundError, NotAllowedError, RoleOwnedByIdpError, UserNameTakenError } from "./errors";
import { roleInputsOf, recomputeRoles } from "./roles";
import { invitationAddressOf, queueAuditedInvitation, queueInvitationSql, revokeOpenInvitations, revokeOpenInvitationsCtes, type QueuedInvitation } from "./invitations";

export interface NewMember {
  workspaceId: string;
  data: MemberWritable;
  /** active=false creates the member DISABLED (no invitation); otherwise INVITED, with an invitation. */
  role?: MemberRole;
  passwordHash?: string;
  /** The name the invitation email shows as the inviter; defaults to the actor's label. */
  invitedBy?: string;
  /** false: no invitation (just-in-time SSO provisioning: the member is signing in right now). */
  invite?: boolean;
}

/**
 * Creates a member — provisioned by an IdP (door "scim": source SCIM) or invited by an admin
 * (source MANUAL) — as INVITED with a queued invitation, or DISABLED when created inactive. The
 * member, its audit event, the invitation, its email and their audit event are ONE statement
 * (lib/db/one-statement): atomic, one round trip, no transaction to hold open.
 */
export async function createMember(sql: RawSql, door: Door, input: NewMember): Promise<{ row: MemberRow; invitation: QueuedInvitation | null }> {
  const status: MemberStatus = input.data.active ? "INVITED" : "DISABLED";
  const id = newId();
  // A new member is in no group yet: their role is the higher of the one given and SCIM's.
  const manualRole = input.role ?? "VIEWER";
  const scimRole = door.kind === "scim" ? roleFromScimRoles((input.data.extra as { roles?: unknown } | null)?.roles) : null;
  const role = highestRole(manualRole, scimRole)!;
  const invited = status === "INVITED" && input.invite !== false;
  const source = door.kind === "scim" ? "SCIM" : "MANUAL";
  const target = { type: "Member", id, label: input.data.userName };
  const event = { workspaceId: input.workspaceId, actor: door.actor, target, requestId: door.requestId };
  const sideEffects = [
    auditInsertSql({
      ...event,
      action: door.kind === "scim" ? "scim.user.created" : invited ? "member.invited" : "member.created",
      details: { status, invited, role, ...(scimRole && { scimRole }), source, externalId: input.data.externalId, passwordSet: input.passwordHash !== undefined },
    }),
  ];
  let invitation: QueuedInvitation | null = null;
  if (invited) {
    const to = invitationAddressOf(input.data);
    const { statements, queued } = queueInvitationSql({ workspaceId: input.workspaceId, memberId: id, invitedBy: input.invitedBy?.trim() || door.actor.label, toAddress: to });
    sideEffects.push(...statements, auditInsertSql({ ...event, action: "invitation.queued", details: { ...queued, to } }));
    invitation = queued;
  }
  try {
    const [row] = await sql.$queryRaw<MemberRow[]>(
      withSideEffects(insertMemberSql({ id, workspaceId: input.workspaceId, data: input.data, status, role, manualRole, scimRole, source, passwordHash: input.passwordHash }), sideEffects),
    );
    return { row, invitation };
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserNameTakenError(input.data.userName);
    throw error;
  }
}

export interface MemberChange {
  workspaceId: string;
  /** The member as it is now, locked by the caller (findMember with forUpdate) in this transaction. */
  current: MemberRow;
  /** The new values; only those that differ from `current` are written. */
  columns: Partial<MemberWritable>;
  /** A new password's hash (hashed before the transaction: Argon2 is slow). */
  passwordHash?: string;
  /** Extra facts for the audit event (e.g. the SCIM method). */
  auditDetails?: Record<string, unknown>;
}

export interface MemberChangeResult {
  row: MemberRow;
  changed: boolean;
  /** Open invitations ended because the member was deactivated. */
  invitationsRevoked: number;
}

/** What a change does, decided from the member as it is (the same for both ways of applying it). */
interface ChangePlan {
  changed: Partial<MemberWritable>;
  status: MemberStatus;
  deactivating: boolean;
  /** Deactivation and a new password end every session the member has (lib/auth re-checks each request). */
  endSessions: boolean;
  scimRole: MemberRole | null;
  scimRoleChanged: boolean;
  /** Enabled again after being created disabled: their first invitation goes out if they never had one. */
  mayOweFirstInvitation: boolean;
  /** Disabled while invited: their open invitations end. */
  revokesInvitations: boolean;
}

/** The plan of `change`, or null when it changes nothing (no write, no version bump, no event). */
function planChange(door: Door, change: MemberChange): ChangePlan | null {
  const { current } = change;
  const changed = changedColumns(current as unknown as Record<string, unknown>, change.columns);
  const active = change.columns.active ?? current.active;
  const status: MemberStatus = active === current.active ? current.status : statusForActive(active, current);
  if (Object.keys(changed).length === 0 && status === current.status && change.passwordHash === undefined) return null;
  const deactivating = status === "DISABLED" && current.status !== "DISABLED";
  // SCIM `roles` count: the role they name is an input of the effective role (recomputed after the write).
  const scimRole = door.kind === "scim" && "extra" in changed ? roleFromScimRoles((changed.extra as { roles?: unknown } | null)?.roles) : current.scimRole;
  return {
    changed,
    status,
    deactivating,
    endSessions: deactivating || change.passwordHash !== undefined,
    scimRole,
    scimRoleChanged: scimRole !== current.scimRole,
    mayOweFirstInvitation: status === "INVITED" && current.status === "DISABLED",
    revokesInvitations: status === "DISABLED" && current.status === "INVITED",
  };
}

/** The member's event: action and details, but for how many invitations ended (known once they have). */
function changeEvent(door: Door, change: MemberChange, plan: ChangePlan) {
  const { current } = change;
  const active = change.columns.active ?? current.active;
  const verb = current.active && !active ? "deactivated" : !current.active && active ? "reactivated" : "updated";
  return {
    action: memberAction(door, verb),
    details: {
      ...change.auditDetails,
      changed: Object.keys(plan.changed),
      ...(plan.status !== current.status && { from: current.status, to: plan.status }),
      source: current.source,
      ...(change.passwordHash !== undefined && { passwordChanged: true }),
      ...(plan.endSessions && { sessionsEnded: true }),
      ...(plan.scimRoleChanged && { scimRole: { from: current.scimRole, to: plan.scimRole } }),
    } as Record<string, unknown>,
  };
}

const rowUpdate = (plan: ChangePlan, change: MemberChange) => ({
  data: plan.changed,
  status: plan.status,
  passwordHash: change.passwordHash,
  endSessions: plan.endSessions,
  ...(plan.scimRoleChanged && { scimRole: plan.scimRole }),
});

/**
 * Applies a change to a member: profile columns, `active`, the password. When `active` changes,
 * the status follows statusForActive (the same rule for every door): deactivating is refused for
 * the last active admin and ends the member's open invitations; reactivating a member who was
 * never invited (created disabled) queues their first invitation. A change that changes nothing
 * writes nothing (no version bump, no event). The caller holds the member's row lock; see
 * changeMemberById for the common case in one statement.
 */
export async function changeMember(tx: RawSql, door: Door, change: MemberChange): Promise<MemberChangeResult> {
  const { current, workspaceId } = change;
  const plan = planChange(door, change);
  if (!plan) return { row: current, changed: false, invitationsRevoked: 0 };
  if (door.kind === "scim" && current.source === "MANUAL") await ensureScimMayChangeCredentials(tx, workspaceId, plan.changed, change.passwordHash);
  if (plan.deactivating) await ensureNotLastActiveAdmin(tx, workspaceId, current, "deactivate");
  let row = await updateMemberRow(tx, current, rowUpdate(plan, change));
  // Re-enabling never sends a second invitation (an admin resends one if they want to), but a
  // member created disabled gets their first invitation when they are enabled.
  if (plan.mayOweFirstInvitation && !(await everInvited(tx, current.id))) {
    await queueAuditedInvitation(tx, door, { workspaceId, memberId: row.id, memberLabel: row.userName, invitedBy: door.actor.label, toAddress: invitationAddressOf(row) });
  }
  const invitationsRevoked = plan.revokesInvitations ? await revokeOpenInvitations(tx, { workspaceId, memberId: current.id, reason: "deprovisioned" }) : 0;
  const event = changeEvent(door, change, plan);
  await recordAudit(tx, {
    workspaceId,
    actor: door.actor,
    action: event.action,
    target: { type: "Member", id: current.id, label: row.userName },
    requestId: door.requestId,
    details: { ...event.details, ...(invitationsRevoked > 0 && { invitationsRevoked }) },
  });
  if (plan.scimRoleChanged) {
    const [roleChange] = await recomputeRoles(tx, door, { workspaceId, scope: { memberIds: [current.id] }, cause: { kind: "scim", requestId: door.requestId ?? null } });
    if (roleChange) row = { ...row, role: roleChange.to, version: row.version + 1 };
  }
  return { row, changed: true, invitationsRevoked };
}

/**
 * Whether applying the plan needs more than the member row as read — a read under locks before
 * the write: a SCIM change of a hand-made member's credentials (the workspace's setting), the
 * last-admin rule (the workspace lock and a count of admins), a first invitation (whether they
 * ever had one), a role recompute (other admins).
 */
function needsLockedPath(door: Door, change: MemberChange, plan: ChangePlan): boolean {
  const { current } = change;
  return (
    change.passwordHash !== undefined ||
    (door.kind === "scim" && current.source === "MANUAL" && "userName" in plan.changed) ||
    (plan.deactivating && current.role === "ADMIN" && current.status === "ACTIVE") ||
    plan.mayOweFirstInvitation ||
    plan.scimRoleChanged
  );
}

export interface MemberChangeById {
  workspaceId: string;
  memberId: string;
  /**
   * The change, computed from the member as it is (it may read more through `db`, and throw to
   * refuse, e.g. on If-Match). It may run twice: again on the locked row when the one-statement
   * path does not apply.
   */
  prepare: (db: RawSql, current: MemberRow) => Promise<Omit<MemberChange, "workspaceId" | "current">>;
  /** Return the member's groups with the row. */
  withGroups?: boolean;
}

/**
 * changeMember on the member with this id (null: there is none), in as few round trips as the
 * rules allow. The member is read without a lock, the change computed from that row, and — in the
 * common case, e.g. an IdP disabling a member who is not an active admin — applied in ONE
 * statement: the update (version and session generation bumps), the end of open invitations and
 * their unsent emails, and the event, conditioned on the row still being exactly the version read
 * (its xmin). The statement's effects are changeMember's on that row: same plan, same columns,
 * same event. A change the rules must read more for under locks (needsLockedPath), or a row
 * changed since it was read, goes the locked way instead: one transaction that locks the row,
 * prepares the change again from it and runs changeMember.
 */
export async function changeMemberById(sql: RawSql, transaction: RawSqlTransaction, door: Door, input: MemberChangeById): Promise<MemberChangeResult | null> {
  const { workspaceId, memberId, withGroups = false } = input;
  const read = await findMember(sql, workspaceId, memberId, { withGroups: false, withRowXmin: true });
  if (!read) return null;
  const { rowXmin: _xmin, ...current } = read;
  const change: MemberChange = { workspaceId, current, ...(await input.prepare(sql, current)) };
  const plan = planChange(door, change);
  if (!plan) {
    if (withGroups) current.groups = await groupsOfMember(sql, current.id);
    return { row: current, changed: false, invitationsRevoked: 0 };
  }
  if (!needsLockedPath(door, change, plan)) {
    const done = await changeInOneStatement(sql, door, change, plan, read, withGroups);
    if (done) return done;
  }
  return transaction(async (tx) => {
    const locked = await findMember(tx, workspaceId, memberId, { withGroups: false, forUpdate: true });
    if (!locked) return null;
    const result = await changeMember(tx, door, { workspaceId, current: locked, ...(await input.prepare(tx, locked)) });
    if (withGroups) result.row.groups = await groupsOfMember(tx, result.row.id);
    return result;
  });
}

/** changeMember's writes as one statement, or null when the row is no longer as read (or a conflict says try the locked way). */
async function changeInOneStatement(
  sql: RawSql,
  door: Door,
  change: MemberChange,
  plan: ChangePlan,
  read: MemberRowAt,
  withGroups: boolean,
): Promise<MemberChangeResult | null> {
  const { workspaceId, current } = change;
  // The last-admin rule, atomically: needsLockedPath sent active admins the locked way, and the
  // row is unchanged since read — the statement checks it once more itself.
  const guard = plan.deactivating ? NOT_AN_ACTIVE_ADMIN : undefined;
  const event = changeEvent(door, change, plan);
  try {
    return await writeWithSideEffects(sql, door, {
      workspaceId,
      memberId: current.id,
      update: updateMemberRowSql(current, rowUpdate(plan, change), { unchangedSince: read, guard, withGroups }),
      revokeIf: plan.revokesInvitations ? Prisma.sql`EXISTS (SELECT 1 FROM "main")` : null,
      action: Prisma.sql`${event.action}`,
      details: Prisma.sql`${JSON.stringify(scrubDetails(event.details))}::jsonb`,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserNameTakenError(String(plan.changed.userName ?? current.userName));
    throw error;
  }
}

/** Deactivation in one statement never touches an active admin: the last-admin rule reads more, under locks. */
const NOT_AN_ACTIVE_ADMIN = Prisma.sql`NOT (m."role" = 'ADMIN' AND m."status" = 'ACTIVE')`;

/**
 * changeActiveUnread's plan table, column by column with its SQL type: the facts a plan applies
 * to, then what it does. Its rows are typed by these names (PlanRecord).
 */
const PLAN_TABLE = {
  ifActive: "boolean",
  ifStatus: `"MemberStatus"`,
  ifSource: `"RecordSource"`,
  ifActivated: "boolean",
  planAction: "text",
  planDetails: "jsonb",
  planRevokes: "boolean",
} as const;
type PlanRecord = { [column in keyof typeof PLAN_TABLE]: unknown };

/** Columns a one-statement write's UPDATE may return beside the member's, for its side effects only. */
const PLAN_COLUMNS = ["planAction", "planDetails", "planRevokes"] as const satisfies readonly (keyof typeof PLAN_TABLE)[];

/**
 * A member's UPDATE (CTE "main", RETURNING the row) and changeMember's side effects, as ONE
 * statement: open invitations and their unsent emails ended where `revokeIf` holds, and the event
 * (its details plus how many invitations ended). Null when the UPDATE matched no row, or a
 * conflict says to try the locked way.
 */
async function writeWithSideEffects(
  sql: RawSql,
  door: Door,
  input: { workspaceId: string; memberId: string; update: Prisma.Sql; revokeIf: Prisma.Sql | null; action: Prisma.Sql; details: Prisma.Sql },
): Promise<MemberChangeResult | null> {
  const { workspaceId, memberId } = input;
  const revoke = input.revokeIf ? revokeOpenInvitationsCtes({ workspaceId, memberId, reason: "deprovisioned" }, new Date(), input.revokeIf) : null;
  const revokedCount = revoke ? Prisma.sql`(SELECT count(*)::int FROM "revoked")` : Prisma.sql`0`;
  const audit = auditInsertSelectSql(
    { workspaceId, actor: door.actor, requestId: door.requestId },
    {
      targetType: "Member",
      targetId: Prisma.sql`"main"."id"::text`,
      targetLabel: Prisma.sql`"main"."userName"`,
      action: input.action,
      details: Prisma.sql`${input.details} || CASE WHEN "n"."revoked" > 0 THEN jsonb_build_object('invitationsRevoked', "n"."revoked") ELSE '{}'::jsonb END`,
      from: Prisma.sql`"main", (SELECT ${revokedCount} AS "revoked") "n"`,
    },
  );
  try {
    const [row] = await sql.$queryRaw<(MemberRow & { invitationsRevoked: number } & Record<string, unknown>)[]>(Prisma.sql`
      WITH "main" AS (${input.update})${revoke ? Prisma.sql`, ${revoke}` : Prisma.empty}, "audit" AS (${audit})
      SELECT "main".*, ${revokedCount} AS "invitationsRevoked" FROM "main"`);
    if (!row) return null;
    const { invitationsRevoked, ...member } = row;
    for (const column of PLAN_COLUMNS) delete member[column];
    return { row: member, changed: true, invitationsRevoked };
  } catch (error) {
    if (isRetryableConflict(error)) return null;
    throw error;
  }
}

/** The facts about a member that decide a change of `active` alone (see changeActiveUnread). */
export interface ActiveChangeFacts {
  active: boolean;
  status: MemberStatus;
  source: RecordSource;
  /** Whether they ever signed in (activatedAt set): reactivation makes them Active, else Invited. */
  activated: boolean;
}

const STATUSES: MemberStatus[] = ["INVITED", "ACTIVE", "DISABLED"];
const SOURCES: RecordSource[] = ["SCIM", "MANUAL"];

/** What the facts do not fix: a change of `active` alone never reads it (tested: lifecycle/member-active.test.ts). */
const UNREAD: MemberRow = {
  id: "00000000-0000-0000-0000-000000000000", workspaceId: "00000000-0000-0000-0000-000000000000", userName: "", externalId: null,
  givenName: null, familyName: null, middleName: null, formattedName: null, honorificPrefix: null, honorificSuffix: null,
  displayName: null, nickName: null, title: null, userType: null, preferredLanguage: null, locale: null, timezone: null, emails: [],
  active: false, status: "DISABLED", role: "VIEWER", manualRole: "VIEWER", scimRole: null, employeeNumber: null, costCenter: null,
  organization: null, division: null, department: null, managerValue: null, managerDisplayName: null, extra: {}, source: "SCIM",
  version: 0, activatedAt: null, createdAt: new Date(0), updatedAt: new Date(0),
};

export const factsOfMember = (row: MemberRow): ActiveChangeFacts => ({ active: row.active, status: row.status, source: row.source, activated: row.activatedAt !== null });

/**
 * changeMember's plan and event for setting `active` on a member with these facts, or null when
 * that member would not be changed in one statement (nothing to change, or a rule that reads more
 * under locks: a first invitation owed, the last admin). The one rule — planChange, changeEvent,
 * needsLockedPath — applied to a member of whom only the facts are known.
 */
export function plannedActiveChange(door: Door, facts: ActiveChangeFacts, active: boolean, auditDetails?: Record<string, unknown>) {
  const current: MemberRow = { ...UNREAD, active: facts.active, status: facts.status, source: facts.source, activatedAt: facts.activated ? new Date(0) : null };
  return oneStatementPlan(door, { workspaceId: current.workspaceId, current, columns: { active }, auditDetails });
}

/** changeMember's plan, row update and event for `change` when it can be applied in one statement; null when it changes nothing or must go the locked way. */
export function oneStatementPlan(door: Door, change: MemberChange) {
  const plan = planChange(door, change);
  if (!plan || needsLockedPath(door, change, plan)) return null;
  return { plan, update: rowUpdate(plan, change), event: changeEvent(door, change, plan) };
}

export interface ActiveChangeById {
  workspaceId: string;
  memberId: string;
  active: boolean;
  /** Return the member's groups with the row. */
  withGroups?: boolean;
  auditDetails?: Record<string, unknown>;
}

/**
 * Sets `active` on the member with this id WITHOUT reading them first: an IdP's deactivation
 * (Okta's and Entra's PATCH of `active`, their most frequent write) in one round trip, where
 * changeMemberById takes two. A change of `active` alone is decided by four facts of the member
 * (ActiveChangeFacts), so it is planned here, by the same rule, for every combination of them;
 * the statement joins those plans on the row's own facts, applies the one that matches — with
 * changeInOneStatement's side effects: invitations ended, the event — and, when deactivating,
 * never an active admin (the last-admin rule reads more). Returns null with nothing written when
 * no plan matches (no such member, nothing to change, an active admin, a first invitation owed):
 * the caller goes the usual way, which decides those.
 */
export async function changeActiveUnread(sql: RawSql, door: Door, input: ActiveChangeById): Promise<MemberChangeResult | null> {
  const { workspaceId, memberId, withGroups = false } = input;
  const plans = activeChangePlans(door, input.active, input.auditDetails);
  if (!plans) return null;
  return writeWithSideEffects(sql, door, {
    workspaceId,
    memberId,
    update: updateMemberRowSql({ id: memberId }, plans.update, {
      member: { id: memberId, workspaceId },
      from: plans.table,
      where: Prisma.sql`m."active" = "plan"."ifActive" AND m."status" = "plan"."ifStatus" AND m."source" = "plan"."ifSource" AND (m."activatedAt" IS NOT NULL) = "plan"."ifActivated"`,
      returning: Prisma.join(PLAN_COLUMNS.map((c) => Prisma.raw(`"plan"."${c}"`))),
      guard: plans.deactivating ? NOT_AN_ACTIVE_ADMIN : undefined,
      withGroups,
    }),
    revokeIf: plans.anyRevokes ? Prisma.sql`EXISTS (SELECT 1 FROM "main" WHERE "main"."planRevokes")` : null,
    action: Prisma.sql`"main"."planAction"`,
    details: Prisma.sql`"main"."planDetails"`,
  });
}

/**
 * The plans as a table of constants in the statement's text: `(VALUES (…), …) AS "plan"(…)`.
 * Constants, not parameters: each combination's text is fixed (planned once per process, below),
 * so its statement is prepared once and binds nothing but the member, and the database neither
 * parses a JSON table nor joins an unknown one on every deactivation. Safe as text: a plan holds
 * the rule's own values (actions, statuses, the HTTP method of auditDetails), and every string is
 * quoted with its quotes doubled.
 */
function planTableSql(rows: PlanRecord[]): Prisma.Sql {
  const literal = (value: unknown, type: string) =>
    typeof value === "boolean" ? String(value) : `'${(typeof value === "string" ? value : JSON.stringify(value)).replaceAll("'", "''")}'::${type}`;
  const types = Object.entries(PLAN_TABLE) as [keyof PlanRecord, string][];
  const values = rows.map((row) => `(${types.map(([column, type]) => literal(row[column], type)).join(", ")})`);
  return Prisma.raw(`(VALUES ${values.join(", ")}) AS "plan"(${types.map(([column]) => `"${column}"`).join(", ")})`);
}

interface ActiveChangePlans {
  /** The row update every plan shares. */
  update: ReturnType<typeof rowUpdate>;
  deactivating: boolean;
  anyRevokes: boolean;
  /** The plans, one PLAN_TABLE record each. */
  rows: PlanRecord[];
  /** The same as the statement's table (planTableSql). */
  table: Prisma.Sql;
}

/**
 * The plans depend on the kind of door, the value and the audit details only (the rule reads
 * nothing else of a door: tested in member-active.test.ts), and an IdP sends the same few
 * combinations all day — so each is planned once per process.
 */
const activeChangePlansCache = new Map<string, ActiveChangePlans | null>();

/** changeActiveUnread's plans for every combination of facts, or null when they do not share one UPDATE (or there are none). */
export function activeChangePlans(door: Door, active: boolean, auditDetails?: Record<string, unknown>): ActiveChangePlans | null {
  const key = JSON.stringify([door.kind, active, auditDetails ?? null]);
  const cached = activeChangePlansCache.get(key);
  if (cached !== undefined) return cached;
  const plans = STATUSES.flatMap((status) =>
    SOURCES.flatMap((source) =>
      [false, true].flatMap((activated) => {
        const facts = { active: status !== "DISABLED", status, source, activated };
        const planned = plannedActiveChange(door, facts, active, auditDetails);
        return planned ? [{ facts, ...planned }] : [];
      }),
    ),
  );
  // One UPDATE serves them all only if they write the same; otherwise take the usual way.
  const update = plans.length > 0 ? JSON.stringify(plans[0].update) : null;
  let result: ActiveChangePlans | null = null;
  if (update !== null && plans.every((p) => JSON.stringify(p.update) === update)) {
    const rows = plans.map(({ facts, plan, event }): PlanRecord => ({
      ifActive: facts.active,
      ifStatus: facts.status,
      ifSource: facts.source,
      ifActivated: facts.activated,
      planAction: event.action,
      planDetails: scrubDetails(event.details),
      planRevokes: plan.revokesInvitations,
    }));
    result = {
      update: plans[0].update,
      deactivating: plans[0].plan.deactivating,
      anyRevokes: plans.some((p) => p.plan.revokesInvitations),
      rows,
      table: planTableSql(rows),
    };
  }
  if (activeChangePlansCache.size < 64) activeChangePlansCache.set(key, result);
  return result;
}

/**
 * A SCIM token must not be able to take over a web account it did not create: the password and
 * sign-in email (userName) of a member created by hand change over SCIM only if the workspace
 * allows it (Settings › SCIM, off by default). Read only when such a change is attempted.
 */
async function ensureScimMayChangeCredentials(tx: RawSql, workspaceId: string, changed: Partial<MemberWritable>, passwordHash: string | undefined) {
  const attributes = [...(passwordHash !== undefined ? ["password"] : []), ...("userName" in changed ? ["userName"] : [])];
  if (attributes.length === 0) return;
  const [workspace] = await tx.$queryRaw<{ allowed: boolean }[]>(Prisma.sql`
    SELECT "scimManagesManualMembers" AS "allowed" FROM "Workspace" WHERE "id" = ${workspaceId}::uuid`);
  if (!workspace?.allowed) throw new ManualCredentialsError(attributes);
}

async function everInvited(tx: RawSql, memberId: string): Promise<boolean> {
  return (await tx.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM "Invitation" WHERE "memberId" = ${memberId}::uuid LIMIT 1`)).length > 0;
}

export interface AdminMemberInput {
  workspaceId: string;
  /** The signed-in admin doing it (re-checked in the transaction). */
  actorId: string;
  memberId: string;
  requestId?: string | null;
}

/**
 * The admin UI door's frame: workspace locked, the actor's role re-checked for `permission`
 * (lib/permissions), the member locked. Editors act on members who are not Admins only.
 */
async function asActor<T>(
  transaction: RawSqlTransaction,
  input: AdminMemberInput,
  permission: Permission,
  work: (tx: RawSql, door: Door, member: MemberRow, actorRole: MemberRole) => Promise<T>,
): Promise<T> {
  return transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const { actor, role } = await requirePermittedActor(tx, input.workspaceId, input.actorId, permission);
    const member = await findMember(tx, input.workspaceId, input.memberId, { withGroups: false, forUpdate: true });
    if (!member) throw new MemberNotFoundError();
    if (!mayManage(role, member.role)) throw new NotAllowedError("not-permitted", "Only admins can change an Admin's account.");
    return work(tx, { kind: "admin", actor, requestId: input.requestId }, member, role);
  });
}

export interface SetActiveResult {
  changed: boolean;
  status: MemberStatus;
}

/** Deactivate (active=false) or reactivate a member from the admin UI; an admin cannot deactivate themselves. */
export function setMemberActive(transaction: RawSqlTransaction, input: AdminMemberInput & { active: boolean }): Promise<SetActiveResult> {
  return asActor(transaction, input, "members.setActive", async (tx, door, member) => {
    if (!input.active && member.id === input.actorId && member.active) throw new CannotDeactivateSelfError();
    const result = await changeMember(tx, door, { workspaceId: input.workspaceId, current: member, columns: { active: input.active } });
    return { changed: result.changed, status: result.row.status };
  });
}

export interface ChangeRoleResult {
  changed: boolean;
  from: MemberRole;
  to: MemberRole;
}

/**
 * Sets the role an admin (or an Editor, up to Editor, for non-Admins) gives a member by hand. The
 * effective role is then recomputed (lib/lifecycle/roles): a role the IdP grants (group or SCIM)
 * cannot be lowered here — refused with the reason — while raising above it is allowed and stays
 * until changed back. Refused if it would leave no active admin.
 */
export function changeMemberRole(transaction: RawSqlTransaction, input: AdminMemberInput & { role: MemberRole }): Promise<ChangeRoleResult> {
  return asActor(transaction, input, "members.changeRole", async (tx, door, member, actorRole) => {
    if (!assignableRoles(actorRole).includes(input.role)) {
      throw new NotAllowedError("not-permitted", `Only admins can make someone ${ROLE_LABEL[input.role]}.`);
    }
    const inputs = await roleInputsOf(tx, member.id);
    const idp = effectiveRole({ ...inputs!, manualRole: "GUEST" });
    if (idp.idpFloor && !atLeast(input.role, idp.idpFloor)) throw new RoleOwnedByIdpError(ROLE_LABEL[idp.idpFloor], describeRoleSource(idp.idpSource!));
    if (member.manualRole === input.role) return { changed: false, from: member.role, to: member.role };
    // No version bump of its own: the SCIM resource shows the effective role, which the recompute bumps when it moves.
    await tx.$executeRaw(Prisma.sql`UPDATE "Member" SET "manualRole" = ${input.role}::"MemberRole" WHERE "id" = ${member.id}::uuid`);
    const [roleChange] = await recomputeRoles(tx, door, {
      workspaceId: input.workspaceId,
      scope: { memberIds: [member.id] },
      cause: { kind: "admin", admin: door.actor.label },
    });
    // The hand-set role changed but the effective one did not (an IdP role is higher): recorded too.
    if (!roleChange) {
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: door.actor,
        action: "member.updated",
        target: { type: "Member", id: member.id, label: member.userName },
        requestId: door.requestId,
        details: { changed: ["manualRole"], from: member.manualRole, to: input.role, effectiveRole: member.role },
      });
    }
    return { changed: true, from: member.role, to: roleChange?.to ?? member.role };
  });
}

/**
 * Deletes a member: refused for the last active admin; their open invitations end first (the
 * invitations themselves go with the member, by cascade; the cancelled emails stay, unlinked, as
 * history). With `expectedVersion` (If-Match) only while the row still has that version.
 */
export async function deleteMember(
  tx: RawSql,
  door: Door,
  input: { workspaceId: string; memberId: string; expectedVersion?: (version: number) => boolean },
): Promise<{ userName: string; groups: number } | null> {
  const member = await findMember(tx, input.workspaceId, input.memberId, { withGroups: false });
  if (!member) return null;
  await ensureNotLastActiveAdmin(tx, input.workspaceId, member, "delete");
  await revokeOpenInvitations(tx, { workspaceId: input.workspaceId, memberId: member.id, reason: "deprovisioned" });
  const deleted = await deleteMemberRow(tx, input.workspaceId, member.id, input.expectedVersion);
  if (!deleted) return null;
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: door.actor,
    action: memberAction(door, "deleted"),
    target: { type: "Member", id: member.id, label: deleted.userName },
    requestId: door.requestId,
    details: { groups: deleted.groups },
  });
  return deleted;
}

export interface SignedIn {
  id: string;
  workspaceId: string;
  userName: string;
  displayName: string | null;
  role: MemberRole;
  status: MemberStatus;
  /** Goes into the session: the session stays valid while the member's generation is still this. */
  sessionGeneration: number;
}

/**
 * A successful sign-in (password now, SSO later): the first one turns INVITED into ACTIVE
 * (`member.activated`, activatedAt), every one records lastSignInAt and `member.signed_in`.
 * Conditional writes, so a member disabled in the meantime wins: null means "refuse".
 */
export async function recordSignIn(
  transaction: RawSqlTransaction,
  door: Door,
  input: { workspaceId: string; memberId: string; via: string },
  now = new Date(),
): Promise<SignedIn | null> {
  return transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ status: MemberStatus }[]>(Prisma.sql`
      SELECT "status" FROM "Member" WHERE "id" = ${input.memberId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid FOR NO KEY UPDATE`);
    if (!current || current.status === "DISABLED") return null;
    const activated = current.status === "INVITED";
    const activation = activated ? Prisma.sql`, "status" = 'ACTIVE', "activatedAt" = ${now}::timestamptz, "version" = "version" + 1, "updatedAt" = ${now}::timestamptz` : Prisma.empty;
    const [member] = await tx.$queryRaw<SignedIn[]>(Prisma.sql`
      UPDATE "Member" SET "lastSignInAt" = ${now}::timestamptz ${activation} WHERE "id" = ${input.memberId}::uuid
      RETURNING "id"::text AS "id", "workspaceId"::text AS "workspaceId", "userName", "displayName", "role", "status", "sessionGeneration"`);
    const event = { workspaceId: input.workspaceId, actor: door.actor, target: { type: "Member", id: member.id, label: member.userName }, requestId: door.requestId };
    if (activated) await recordAudit(tx, { ...event, action: "member.activated", details: { via: input.via } });
    await recordAudit(tx, { ...event, action: "member.signed_in", details: { via: input.via } });
    return member;
  });
}

/**
 * Ends every session of a member issued so far (sign-out, "Sign out everywhere"): the member's
 * session generation goes up, so each older session cookie is refused on its next request, on
 * every instance. Returns false when there is no such member.
 */
export async function endSessions(
  transaction: RawSqlTransaction,
  door: Door,
  input: { workspaceId: string; memberId: string; reason: "sign-out" | "sign-out-everywhere" },
): Promise<boolean> {
  return transaction(async (tx) => {
    const [member] = await tx.$queryRaw<{ userName: string }[]>(Prisma.sql`
      UPDATE "Member" SET "sessionGeneration" = "sessionGeneration" + 1
      WHERE "id" = ${input.memberId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid RETURNING "userName"`);
    if (!member) return false;
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: door.actor,
      action: input.reason === "sign-out" ? "member.signed_out" : "member.sessions_ended",
      target: { type: "Member", id: input.memberId, label: member.userName },
      requestId: door.requestId,
      details: { reason: input.reason },
    });
    return true;
  });
}
