// Effective roles, recomputed in the transaction of every change that can move them: a group's
// members or role mapping changing, a group deleted, a member's SCIM roles or manual role changing.
// The rule (lib/permissions/roles.ts: the highest of manual, groups, SCIM) is written here once
// more as SQL, over a whole SET of members, so a group of 50,000 is ONE statement — never one per
// member. Each changed member gets a `member.role_changed` event (old role, new role, cause) in the
// same statement. Nothing may leave the workspace without an active admin: the workspace row is
// locked first (the lock order every admin-count change uses), and a recompute that would leave
// none throws LastAdminError, rolling the whole change back.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { auditInsertSelectSql } from "@/lib/audit";
import type { RawSql } from "@/lib/db/raw-sql";
import { ensureBreakGlassRemainsAfter, lockWorkspace } from "./admins";
import type { Door } from "./door";
import { LastAdminError } from "./errors";

const sql = Prisma.sql;

/** Why roles are being recomputed, recorded on each `member.role_changed` event. */
export type RoleChangeCause =
  | { kind: "group"; groupId: string; groupName: string; change: "members" | "mapping" | "deleted" }
  | { kind: "scim"; requestId: string | null }
  | { kind: "admin"; admin: string };

/** Which members to recompute: explicit ids, or every member of a group. */
export type RoleScope = { memberIds: string[] } | { groupId: string };

export interface RoleRecompute {
  workspaceId: string;
  scope: RoleScope;
  cause: RoleChangeCause;
  /** A group about to be deleted: its members are recomputed as if it granted nothing. */
  ignoreGroupId?: string;
}

export interface RoleChange {
  id: string;
  userName: string;
  from: MemberRole;
  to: MemberRole;
}

/** The cause in words, for the last-admin refusal (its detail is what an IdP admin reads). */
function causeInWords(cause: RoleChangeCause): string {
  if (cause.kind === "group") {
    return cause.change === "members"
      ? `removing them from group '${cause.groupName}'`
      : cause.change === "deleted"
        ? `deleting group '${cause.groupName}'`
        : `changing the role group '${cause.groupName}' grants`;
  }
  return cause.kind === "scim" ? "the roles sent by provisioning" : "this role change";
}

/** The SQL of a member's effective role (alias m): LEAST is the most powerful (enum order ADMIN first). */
export function effectiveRoleSql(ignoreGroupId?: string): Prisma.Sql {
  const ignore = ignoreGroupId ? sql` AND gr."id" <> ${ignoreGroupId}::uuid` : Prisma.empty;
  return sql`LEAST(m."manualRole", m."scimRole", (
    SELECT min(gr."grantsRole") FROM "GroupMembership" gmr JOIN "Group" gr ON gr."id" = gmr."groupId"
    WHERE gmr."memberId" = m."id" AND gr."grantsRole" IS NOT NULL${ignore}))`;
}

/**
 * The role statements of a members-only ADD to a group that grants a role, run inside the
 * membership write's own statement (lib/directory writeMembershipInOneStatement: CTEs over "g",
 * the group with its "grantsRole", and "added", the new members). The statement does not see its
 * own new membership rows, so the new role is the member's effective role before, raised to what
 * the group grants — the same value the full rule gives after the add. Joining only raises a role:
 * no admin is lost, so no workspace lock and no last-admin check are needed.
 */
export function roleWritesForAdds(door: Door, workspaceId: string): Prisma.Sql[] {
  const changed = sql`
    UPDATE "Member" m SET "role" = t."to", "version" = m."version" + 1, "updatedAt" = now()
    FROM (
      SELECT m."id", m."role" AS "from", LEAST(${effectiveRoleSql()}, "g"."grantsRole") AS "to"
      FROM "Member" m, "added", "g" WHERE m."id" = "added"."id" AND "g"."grantsRole" IS NOT NULL
    ) t
    WHERE m."id" = t."id" AND t."to" IS DISTINCT FROM t."from"
    RETURNING m."id", m."userName", t."from", t."to"`;
  const audit = auditInsertSelectSql(
    { workspaceId, actor: door.actor, requestId: door.requestId },
    {
      targetType: "Member",
      targetId: sql`"role_0"."id"::text`,
      targetLabel: sql`"role_0"."userName"`,
      action: sql`${"member.role_changed"}`,
      details: sql`jsonb_build_object('from', "role_0"."from", 'to', "role_0"."to", 'sessionsEnded', false,
        'cause', jsonb_build_object('kind', 'group', 'groupId', "g"."id", 'groupName', "g"."displayName", 'change', 'members'))`,
      from: sql`"role_0", "g"`,
    },
  );
  return [changed, audit];
}

/**
 * Recomputes the effective role of the members in `scope` — one statement that updates the ones
 * whose role changes (version bump; losing Admin ends their sessions, as a demotion does) and
 * writes their audit events — then checks that an active admin remains.
 */
export async function recomputeRoles(tx: RawSql, door: Door, input: RoleRecompute): Promise<RoleChange[]> {
  await lockWorkspace(tx, input.workspaceId);
  const inScope =
    "groupId" in input.scope
      ? sql`m."id" IN (SELECT gm."memberId" FROM "GroupMembership" gm WHERE gm."groupId" = ${input.scope.groupId}::uuid)`
      : sql`m."id" = ANY(${[...new Set(input.scope.memberIds)]}::uuid[])`;
  if ("memberIds" in input.scope && input.scope.memberIds.length === 0) return [];
  const audit = auditInsertSelectSql(
    { workspaceId: input.workspaceId, actor: door.actor, requestId: door.requestId },
    {
      targetType: "Member",
      targetId: sql`"changed"."id"::text`,
      targetLabel: sql`"changed"."userName"`,
      action: sql`${"member.role_changed"}`,
      details: sql`jsonb_build_object('from', "changed"."from", 'to', "changed"."to", 'cause', ${JSON.stringify(input.cause)}::jsonb,
        'sessionsEnded', "changed"."from" = 'ADMIN')`,
      from: sql`"changed"`,
    },
  );
  const changed = await tx.$queryRaw<(RoleChange & { status: string; breakGlass: boolean })[]>(sql`
    WITH "target" AS (
      SELECT m."id", m."role" AS "from", ${effectiveRoleSql(input.ignoreGroupId)} AS "to"
      FROM "Member" m WHERE m."workspaceId" = ${input.workspaceId}::uuid AND ${inScope}
    ), "changed" AS (
      UPDATE "Member" m SET "role" = t."to", "version" = m."version" + 1, "updatedAt" = now(),
        "sessionGeneration" = m."sessionGeneration" + CASE WHEN t."from" = 'ADMIN' THEN 1 ELSE 0 END
      FROM "target" t WHERE m."id" = t."id" AND t."to" IS DISTINCT FROM t."from"
      RETURNING m."id", m."userName", t."from", t."to", m."status", m."breakGlass"
    ), "audit" AS (${audit})
    SELECT "id"::text AS "id", "userName", "from"::text AS "from", "to"::text AS "to", "status"::text AS "status", "breakGlass" FROM "changed"`);
  const lostAdmin = changed.find((c) => c.from === "ADMIN" && c.status === "ACTIVE");
  if (lostAdmin && !(await hasActiveAdmin(tx, input.workspaceId))) {
    // An admin's own change keeps the admin UI's wording; a group or SCIM change names its cause.
    throw input.cause.kind === "admin" ? new LastAdminError("demote") : new LastAdminError("lose-role", { userName: lostAdmin.userName, cause: causeInWords(input.cause) });
  }
  // While SSO is required, a break-glass admin losing Admin must leave another one.
  const lostBreakGlass = changed.filter((c) => c.from === "ADMIN" && c.status === "ACTIVE" && c.breakGlass);
  await ensureBreakGlassRemainsAfter(tx, input.workspaceId, lostBreakGlass, input.cause.kind === "admin" ? "demote" : "lose-role", input.cause.kind === "admin" ? undefined : causeInWords(input.cause));
  return changed.map(({ status: _status, breakGlass: _breakGlass, ...change }) => change);
}

async function hasActiveAdmin(tx: RawSql, workspaceId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<unknown[]>(sql`
    SELECT 1 FROM "Member" WHERE "workspaceId" = ${workspaceId}::uuid AND "role" = 'ADMIN' AND "status" = 'ACTIVE' LIMIT 1`);
  return rows.length > 0;
}

/** The inputs of one member's effective role, for its page ("Admin — from group Roster Admins"). */
export async function roleInputsOf(db: RawSql, memberId: string) {
  const [member] = await db.$queryRaw<{ manualRole: MemberRole; scimRole: MemberRole | null }[]>(sql`
    SELECT "manualRole"::text AS "manualRole", "scimRole"::text AS "scimRole" FROM "Member" WHERE "id" = ${memberId}::uuid`);
  if (!member) return null;
  const groupRoles = await db.$queryRaw<{ groupId: string; groupName: string; role: MemberRole }[]>(sql`
    SELECT g."id"::text AS "groupId", g."displayName" AS "groupName", g."grantsRole"::text AS "role"
    FROM "GroupMembership" gm JOIN "Group" g ON g."id" = gm."groupId"
    WHERE gm."memberId" = ${memberId}::uuid AND g."grantsRole" IS NOT NULL`);
  return { ...member, groupRoles };
}
