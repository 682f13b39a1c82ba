// Group rows and memberships for the SCIM API. Membership changes are row inserts and deletes
// proportional to the change (INSERT … ON CONFLICT DO NOTHING, DELETE … WHERE "memberId" = ANY):
// a group's member list is never loaded or rewritten to add or remove someone.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberRole, RecordSource } from "@/lib/generated/prisma/enums";
import { isUniqueViolation } from "./db-errors";
import type { RawSql } from "@/lib/db/raw-sql";
import { pageRows, type Page, type PageQuery } from "./scim-list-sql";
import { GROUP_TARGET } from "./scim-filter-sql";
import { GroupNameTakenError, GroupNotFoundError, MemberTypeError, UnknownMembersError, VersionMismatchError } from "./errors";
import { isUuid } from "./scim-user-store";
import { sharedNextRun, workLimit } from "./work-limit";

const sql = Prisma.sql;

export interface GroupMemberRef {
  value: string;
  display: string;
}

export interface GroupRow {
  id: string;
  workspaceId: string;
  displayName: string;
  externalId: string | null;
  extra: unknown;
  source: RecordSource;
  /** "Members of this group get role X" (set in Roster, never by SCIM). */
  grantsRole: MemberRole | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Present when loaded with members. */
  members?: GroupMemberRef[];
}

export type GroupWritable = Pick<GroupRow, "displayName" | "externalId" | "extra">;

const GROUP_COLUMNS = Prisma.raw(
  ["id", "workspaceId", "displayName", "externalId", "extra", "source", "grantsRole", "version", "createdAt", "updatedAt"].map((c) => `g."${c}"`).join(", "),
);


export async function findGroup(
  db: RawSql,
  workspaceId: string,
  id: string,
  options: { withMembers: boolean; forUpdate?: boolean },
): Promise<GroupRow | null> {
  if (!isUuid(id)) return null;
  const lock = options.forUpdate ? sql`FOR NO KEY UPDATE OF g` : sql``;
  const rows = await db.$queryRaw<GroupRow[]>(sql`
    SELECT ${GROUP_COLUMNS} FROM "Group" g
    WHERE g."id" = ${id}::uuid AND g."workspaceId" = ${workspaceId}::uuid ${lock}`);
  const group = rows[0];
  if (!group) return null;
  if (options.withMembers) group.members = (await membersOfGroups(db, [group.id])).get(group.id) ?? [];
  return group;
}

/** Members of several groups in one statement, in member-id order (the primary key's). */
export async function membersOfGroups(db: RawSql, groupIds: string[]): Promise<Map<string, GroupMemberRef[]>> {
  const result = new Map<string, GroupMemberRef[]>(groupIds.map((id) => [id, []]));
  if (groupIds.length === 0) return result;
  const rows = await db.$queryRaw<{ groupId: string; value: string; display: string }[]>(sql`
    SELECT gm."groupId", gm."memberId" AS "value", COALESCE(m."displayName", m."userName") AS "display"
    FROM "GroupMembership" gm JOIN "Member" m ON m."id" = gm."memberId"
    WHERE gm."groupId" = ANY(${groupIds}::uuid[])
    ORDER BY gm."groupId", gm."memberId"`);
  for (const row of rows) result.get(row.groupId)!.push({ value: row.value, display: row.display });
  return result;
}

/** Member lists built as JSON at once, process-wide (see membersJsonOfGroup). */
const MEMBER_LIST_BUILDS = 4;
const memberListBuild = workLimit(MEMBER_LIST_BUILDS);
/** Readers of the same group's list who arrive while it is being built share the next build (per handle). */
const sharedMemberLists = new WeakMap<RawSql, ReturnType<typeof sharedNextRun<Buffer | null>>>();

/**
 * A group's members as SCIM JSON (`[{"value", "$ref", "display", "type"}, …]` in member-id order,
 * as toScimGroup writes them), UTF-8 encoded, or null when it has none. Built by the database:
 * serving a 50,000-member group then never holds 50,000 row objects and their copies in the
 * server. The text is still megabytes, so at most MEMBER_LIST_BUILDS are built at once (the
 * database, which does the work, has no more cores to give them anyway), and readers of the same
 * group who arrive while its list is being built wait and share the next build (sharedNextRun:
 * never a list read before they arrived) — the same bytes, which every response writes as they
 * are (fifty slow readers hold one copy between them, not fifty). Sorting the narrow rows before
 * the aggregate, rather than inside it, keeps the sort in memory and takes a third off the time.
 */
export function membersJsonOfGroup(db: RawSql, groupId: string, usersBaseUrl: string): Promise<Buffer | null> {
  let shared = sharedMemberLists.get(db);
  if (!shared) sharedMemberLists.set(db, (shared = sharedNextRun<Buffer | null>()));
  return shared(`${groupId} ${usersBaseUrl}`, () => buildMembersJson(db, groupId, usersBaseUrl));
}

async function buildMembersJson(db: RawSql, groupId: string, usersBaseUrl: string): Promise<Buffer | null> {
  const rows = await memberListBuild(() =>
    db.$queryRaw<{ members: string | null }[]>(sql`
      SELECT (json_agg(json_build_object('value', x."id", '$ref', ${usersBaseUrl} || x."id", 'display', x."display", 'type', 'User')))::text AS "members"
      FROM (
        SELECT gm."memberId" AS "id", COALESCE(m."displayName", m."userName") AS "display"
        FROM "GroupMembership" gm JOIN "Member" m ON m."id" = gm."memberId"
        WHERE gm."groupId" = ${groupId}::uuid
        ORDER BY gm."memberId"
      ) x`),
  );
  const members = rows[0]?.members;
  return members == null ? null : Buffer.from(members);
}

export async function listGroupRows(db: RawSql, workspaceId: string, query: PageQuery, withMembers: boolean): Promise<Page<GroupRow>> {
  const page = await pageRows<GroupRow>(db, workspaceId, { table: "Group", alias: "g", target: GROUP_TARGET }, query, GROUP_COLUMNS);
  if (withMembers && page.rows.length > 0) {
    const members = await membersOfGroups(db, page.rows.map((g) => g.id));
    for (const group of page.rows) group.members = members.get(group.id) ?? [];
  }
  return page;
}

const toJson = (value: unknown) => (value ?? {}) as Prisma.InputJsonValue;

export async function insertGroup(tx: RawSql, workspaceId: string, data: GroupWritable): Promise<GroupRow> {
  try {
    const rows = await tx.$queryRaw<GroupRow[]>(sql`
      INSERT INTO "Group" ("workspaceId", "displayName", "externalId", "extra", "source")
      VALUES (${workspaceId}::uuid, ${data.displayName}, ${data.externalId}, ${JSON.stringify(data.extra ?? {})}::jsonb, 'SCIM')
      RETURNING "id", "workspaceId", "displayName", "externalId", "extra", "source", "grantsRole", "version", "createdAt", "updatedAt"`);
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error)) throw new GroupNameTakenError(data.displayName);
    throw error;
  }
}

/**
 * Sets the given columns, bumps the version and returns the new row. Called for every write to
 * a group, membership-only ones included (with no columns), so meta.version always moves.
 */
export async function updateGroup(tx: RawSql, group: GroupRow, data: Partial<GroupWritable>): Promise<GroupRow> {
  const sets: Prisma.Sql[] = [sql`"version" = "version" + 1`, sql`"updatedAt" = now()`];
  if (data.displayName !== undefined) sets.push(sql`"displayName" = ${data.displayName}`);
  if (data.externalId !== undefined) sets.push(sql`"externalId" = ${data.externalId}`);
  if (data.extra !== undefined) sets.push(sql`"extra" = ${JSON.stringify(toJson(data.extra))}::jsonb`);
  try {
    const rows = await tx.$queryRaw<GroupRow[]>(sql`
      UPDATE "Group" SET ${Prisma.join(sets, ", ")} WHERE "id" = ${group.id}::uuid
      RETURNING "id", "workspaceId", "displayName", "externalId", "extra", "source", "grantsRole", "version", "createdAt", "updatedAt"`);
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error)) throw new GroupNameTakenError(String(data.displayName));
    throw error;
  }
}

export async function deleteGroup(
  tx: RawSql,
  workspaceId: string,
  id: string,
  expectedVersion?: (version: number) => boolean,
): Promise<{ displayName: string } | null> {
  if (!isUuid(id)) return null;
  const group = await findGroup(tx, workspaceId, id, { withMembers: false, forUpdate: true });
  if (!group) return null;
  if (expectedVersion && !expectedVersion(group.version)) throw new VersionMismatchError();
  await tx.$executeRaw(sql`DELETE FROM "Group" WHERE "id" = ${id}::uuid`);
  return { displayName: group.displayName };
}

export interface MemberInput {
  value: string;
  type?: string;
}

export interface MembershipResult {
  added: number;
  removed: number;
  replacedAll: boolean;
}

/**
 * Unknown member ids are rejected: the whole request fails with 400 invalidValue and nothing is
 * applied (the caller's transaction rolls back). Ids of other workspaces are unknown too. Only
 * Users can be members (no nested groups).
 */
function checkMemberInputs(members: MemberInput[]): string[] {
  const ids = new Set<string>();
  for (const member of members) {
    if (member.type !== undefined && member.type.toLowerCase() !== "user") {
      throw new MemberTypeError(member.value, member.type);
    }
    ids.add(member.value);
  }
  const invalid = [...ids].filter((id) => !isUuid(id));
  if (invalid.length > 0) throw new UnknownMembersError(invalid);
  return [...ids];
}

/**
 * Inserts memberships for `ids` (skipping existing ones) in one statement that also counts how
 * many of the ids are members of this workspace; if any is not, throws (the transaction rolls
 * the insert back). The members are read FOR KEY SHARE: a member deleted by a concurrent request
 * is then either waited for and counted as unknown (400), or kept until this commits — never a
 * foreign-key violation (500) from an insert racing the delete.
 */
export async function addMembers(tx: RawSql, workspaceId: string, groupId: string, members: MemberInput[]): Promise<number> {
  const ids = checkMemberInputs(members);
  if (ids.length === 0) return 0;
  const rows = await tx.$queryRaw<{ found: number; inserted: number }[]>(sql`
    WITH found AS (
      SELECT m."id" FROM "Member" m WHERE m."id" = ANY(${ids}::uuid[]) AND m."workspaceId" = ${workspaceId}::uuid
      FOR KEY SHARE OF m
    ), inserted AS (
      INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
      SELECT ${groupId}::uuid, found."id", ${workspaceId}::uuid FROM found
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM found) AS found, (SELECT count(*)::int FROM inserted) AS inserted`);
  const { found, inserted } = rows[0];
  if (found < ids.length) throw await unknownMembersAmong(tx, workspaceId, ids);
  return inserted;
}

/** The 400 for a write that found fewer of `ids` than it was given: it names those missing now. */
async function unknownMembersAmong(db: RawSql, workspaceId: string, ids: string[]): Promise<UnknownMembersError> {
  const present = await db.$queryRaw<{ id: string }[]>(sql`
    SELECT m."id" FROM "Member" m WHERE m."id" = ANY(${ids}::uuid[]) AND m."workspaceId" = ${workspaceId}::uuid`);
  const known = new Set(present.map((row) => row.id.toLowerCase()));
  const unknown = ids.filter((id) => !known.has(id.toLowerCase()));
  // Ids are the server's own UUIDs and a deleted member never comes back, so one is always missing.
  if (unknown.length === 0) throw new Error("a membership write found fewer members than exist now");
  return new UnknownMembersError(unknown);
}

/** Deletes the memberships of `ids`; ids that are not members (or not ids) change nothing. */
/** The valid ids among `ids`, once each (what a membership write would act on). */
export const isUuidList = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))].filter(isUuid);

export async function removeMembers(tx: RawSql, groupId: string, ids: string[]): Promise<number> {
  const valid = [...new Set(ids)].filter(isUuid);
  if (valid.length === 0) return 0;
  return tx.$executeRaw(sql`DELETE FROM "GroupMembership" WHERE "groupId" = ${groupId}::uuid AND "memberId" = ANY(${valid}::uuid[])`);
}

export async function removeAllMembers(tx: RawSql, groupId: string): Promise<number> {
  return tx.$executeRaw(sql`DELETE FROM "GroupMembership" WHERE "groupId" = ${groupId}::uuid`);
}

/** The ids of a group's members (before a change that replaces them: their roles may change). */
export async function memberIdsOfGroup(tx: RawSql, groupId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>(sql`SELECT "memberId"::text AS "id" FROM "GroupMembership" WHERE "groupId" = ${groupId}::uuid`);
  return rows.map((row) => row.id);
}

/** Sets the role a group grants (null: none) and bumps its version. */
export async function setGroupGrantsRole(tx: RawSql, groupId: string, role: MemberRole | null): Promise<GroupRow> {
  const rows = await tx.$queryRaw<GroupRow[]>(sql`
    UPDATE "Group" g SET "grantsRole" = ${role}::"MemberRole", "version" = "version" + 1, "updatedAt" = now()
    WHERE g."id" = ${groupId}::uuid RETURNING ${GROUP_COLUMNS}`);
  return rows[0];
}

/** Column expressions a one-statement membership write offers its audit INSERT (FROM "g", "counts"). */
export const MEMBERSHIP_WRITE_AUDIT_COLUMNS = {
  targetId: sql`"g"."id"::text`,
  targetLabel: sql`"g"."displayName"`,
  added: sql`"counts"."added"`,
  removed: sql`"counts"."removed"`,
  from: sql`"g", "counts"`,
} as const;

export interface MembershipWriteInput {
  workspaceId: string;
  groupId: string;
  add: MemberInput[];
  remove: string[];
  /** The audit INSERT, built over MEMBERSHIP_WRITE_AUDIT_COLUMNS (see lib/audit auditInsertSelectSql). */
  audit: Prisma.Sql;
  /**
   * Statements (CTE bodies, in order) run for a group that grants a role when the change only ADDS
   * members — joining can only raise a role, so no admin can be lost and no workspace lock is
   * needed. They may read "g" (with "grantsRole") and "added" (the new members' ids).
   */
  roleWrites?: Prisma.Sql[];
}

/**
 * A members-only change (the PATCH identity providers send most) as ONE statement: the members
 * to add are read FOR KEY SHARE, then the group's version is bumped — only if every one of them
 * exists — and the memberships are deleted and inserted, and the audit event written, all on
 * that condition. A single statement is atomic and holds the group's row lock only while it
 * runs, where a transaction would hold it across round trips to the app; concurrent adds to one
 * group queue for much less time. When nothing was written, a read tells why: no such group
 * (404) or unknown members (400, nothing applied). An id in both lists must take the ordered
 * path (applyMembershipDelta): one statement cannot delete and re-insert the same row. A group
 * that grants a role is written here only for adds (with `roleWrites`); otherwise null tells the
 * caller to take the transaction path (removals may take away an admin's last Admin grant).
 */
export async function writeMembershipInOneStatement(db: RawSql, input: MembershipWriteInput): Promise<(MembershipResult & { version: number }) | null> {
  if (!isUuid(input.groupId)) throw new GroupNotFoundError();
  const addIds = checkMemberInputs(input.add);
  const removeIds = [...new Set(input.remove)].filter(isUuid);
  const none = sql`SELECT NULL::uuid AS "id" WHERE false`;
  // A role-granting group is written here only for adds with the role statements supplied.
  const roleWritesApply = removeIds.length === 0 && (input.roleWrites?.length ?? 0) > 0;
  const roleCtes = roleWritesApply ? sql`, ${Prisma.join(input.roleWrites!.map((w, i) => sql`${Prisma.raw(`"role_${i}"`)} AS (${w})`), ", ")}` : Prisma.empty;
  // Only the parts the change needs: an add sends no DELETE, a remove reads no members.
  // One member (what an IdP sends for each assignment) is `= $n`, not `= ANY($n)`: PostgreSQL
  // plans a prepared statement's generic plan for 10 array elements, so with ANY the generic plan
  // always looked dearer than a custom one and every add was planned again (auto_explain: 746 of
  // 746 plans custom; ~1 ms of PostgreSQL CPU per add).
  // For the same reason `roleWritesApply` is a literal (fixed per text), not a parameter.
  const memberIs = (column: Prisma.Sql, ids: string[]) => (ids.length === 1 ? sql`${column} = ${ids[0]}::uuid` : sql`${column} = ANY(${ids}::uuid[])`);
  const found = addIds.length === 0 ? none : sql`
      SELECT m."id" FROM "Member" m WHERE ${memberIs(sql`m."id"`, addIds)} AND m."workspaceId" = ${input.workspaceId}::uuid
      FOR KEY SHARE OF m`;
  const removed = removeIds.length === 0 ? none : sql`
      DELETE FROM "GroupMembership" gm USING "g" WHERE gm."groupId" = "g"."id" AND ${memberIs(sql`gm."memberId"`, removeIds)}
      RETURNING gm."memberId" AS "id"`;
  const added = addIds.length === 0 ? none : sql`
      INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
      SELECT "g"."id", "found"."id", ${input.workspaceId}::uuid FROM "g", "found"
      ON CONFLICT DO NOTHING
      RETURNING "memberId" AS "id"`;
  const rows = await db.$queryRaw<{ version: number; added: number; removed: number }[]>(sql`
    WITH "found" AS (${found}), "g" AS (
      UPDATE "Group" SET "version" = "version" + 1, "updatedAt" = now()
      WHERE "id" = ${input.groupId}::uuid AND "workspaceId" = ${input.workspaceId}::uuid
        AND ("grantsRole" IS NULL OR ${Prisma.raw(String(roleWritesApply))})
        AND (SELECT count(*) FROM "found") = ${addIds.length}
      RETURNING "id", "displayName", "version", "grantsRole"
    ), "removed" AS (${removed}), "added" AS (${added}), "counts" AS (
      SELECT (SELECT count(*)::int FROM "added") AS "added", (SELECT count(*)::int FROM "removed") AS "removed"
    ), "audit" AS (${input.audit})${roleCtes}
    SELECT "g"."version", "counts"."added", "counts"."removed" FROM "g", "counts"`);
  if (rows[0]) return { ...rows[0], replacedAll: false };
  const group = await findGroup(db, input.workspaceId, input.groupId, { withMembers: false });
  if (!group) throw new GroupNotFoundError();
  // A group that grants a role changes its members' roles: that takes a transaction (lib/lifecycle/roles).
  if (group.grantsRole !== null) return null;
  throw await unknownMembersAmong(db, input.workspaceId, addIds);
}

export interface MembershipDeltaInput {
  add: MemberInput[];
  remove: string[];
  replaceAll: MemberInput[] | null;
}

/** Applies a membership delta (lib/scim/patch MembershipDelta semantics). */
export async function applyMembershipDelta(
  tx: RawSql,
  workspaceId: string,
  groupId: string,
  delta: MembershipDeltaInput,
): Promise<MembershipResult> {
  if (delta.replaceAll !== null) {
    checkMemberInputs(delta.replaceAll);
    const removed = await removeAllMembers(tx, groupId);
    const added = await addMembers(tx, workspaceId, groupId, delta.replaceAll);
    return { added, removed, replacedAll: true };
  }
  checkMemberInputs(delta.add);
  const removed = await removeMembers(tx, groupId, delta.remove);
  const added = await addMembers(tx, workspaceId, groupId, delta.add);
  return { added, removed, replacedAll: false };
}
