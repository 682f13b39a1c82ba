// Member rows for the SCIM API: every read is one statement (the member's groups, when wanted,
// come from a correlated subquery in the same statement), every write is scoped by workspace.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberStatus, MemberRole, RecordSource } from "@/lib/generated/prisma/enums";
import { UserNameTakenError, VersionMismatchError } from "./errors";
import { isUniqueViolation } from "./db-errors";
import { countMembers } from "./member-count";
import type { RawSql } from "@/lib/db/raw-sql";
import { pageRows, type Page, type PageQuery } from "./scim-list-sql";
import { USER_TARGET } from "./scim-filter-sql";

const sql = Prisma.sql;

export interface MemberGroupRef {
  value: string;
  display: string;
}

/** A Member row as the SCIM layer sees it (never the password hash). */
export interface MemberRow {
  id: string;
  workspaceId: string;
  userName: string;
  externalId: string | null;
  givenName: string | null;
  familyName: string | null;
  middleName: string | null;
  formattedName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
  displayName: string | null;
  nickName: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  emails: unknown;
  active: boolean;
  status: MemberStatus;
  /** The effective role (lib/permissions/roles.ts); manualRole and scimRole are two of its inputs. */
  role: MemberRole;
  manualRole: MemberRole;
  scimRole: MemberRole | null;
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  managerValue: string | null;
  managerDisplayName: string | null;
  extra: unknown;
  source: RecordSource;
  version: number;
  activatedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Present when loaded with `withGroups`. */
  groups?: MemberGroupRef[];
}

/** The columns a SCIM write may set. */
export type MemberWritable = Pick<
  MemberRow,
  | "userName" | "externalId" | "givenName" | "familyName" | "middleName" | "formattedName" | "honorificPrefix" | "honorificSuffix"
  | "displayName" | "nickName" | "title" | "userType" | "preferredLanguage" | "locale" | "timezone" | "emails" | "active"
  | "employeeNumber" | "costCenter" | "organization" | "division" | "department" | "managerValue" | "managerDisplayName" | "extra"
>;

export const MEMBER_WRITABLE_COLUMNS = [
  "userName", "externalId", "givenName", "familyName", "middleName", "formattedName", "honorificPrefix", "honorificSuffix",
  "displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone", "emails", "active",
  "employeeNumber", "costCenter", "organization", "division", "department", "managerValue", "managerDisplayName", "extra",
] as const satisfies readonly (keyof MemberWritable)[];

const MEMBER_COLUMNS = Prisma.raw(
  [
    "id", "workspaceId", ...MEMBER_WRITABLE_COLUMNS, "status", "role", "manualRole", "scimRole", "source", "version", "activatedAt", "createdAt", "updatedAt",
  ].map((c) => `m."${c}"`).join(", "),
);

const GROUPS_OF_MEMBER = sql`(
  SELECT COALESCE(json_agg(json_build_object('value', g."id", 'display', g."displayName") ORDER BY lower(g."displayName") COLLATE "C", g."id"), '[]'::json)
  FROM "GroupMembership" gm JOIN "Group" g ON g."id" = gm."groupId"
  WHERE gm."memberId" = m."id") AS "groups"`;

const selectList = (withGroups: boolean) => (withGroups ? sql`${MEMBER_COLUMNS}, ${GROUPS_OF_MEMBER}` : sql`${MEMBER_COLUMNS}`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else names no resource (404), without a failed cast in SQL. */
export const isUuid = (id: string) => UUID.test(id);


export interface LoadOptions {
  withGroups: boolean;
  /** Lock the row until the transaction ends (read-modify-write). */
  forUpdate?: boolean;
  /**
   * Also read the row version's `xmin` (as `rowXmin`): a write conditioned on it
   * (updateMemberRowSql's `unchangedSince`) only happens while the row is exactly as read.
   */
  withRowXmin?: boolean;
}

/** A member row read with `withRowXmin`. */
export type MemberRowAt = MemberRow & { rowXmin: string };

export async function findMember(db: RawSql, workspaceId: string, id: string, options: LoadOptions & { withRowXmin: true }): Promise<MemberRowAt | null>;
export async function findMember(db: RawSql, workspaceId: string, id: string, options: LoadOptions): Promise<MemberRow | null>;
export async function findMember(db: RawSql, workspaceId: string, id: string, options: LoadOptions): Promise<MemberRow | null> {
  if (!isUuid(id)) return null;
  // NO KEY UPDATE: serializes read-modify-write on the row without blocking the foreign-key
  // checks of concurrent membership inserts (which take KEY SHARE).
  const lock = options.forUpdate ? sql`FOR NO KEY UPDATE OF m` : sql``;
  const xmin = options.withRowXmin ? sql`, m."xmin"::text AS "rowXmin"` : Prisma.empty;
  const rows = await db.$queryRaw<MemberRow[]>(sql`
    SELECT ${selectList(options.withGroups)}${xmin} FROM "Member" m
    WHERE m."id" = ${id}::uuid AND m."workspaceId" = ${workspaceId}::uuid ${lock}`);
  return rows[0] ?? null;
}

export async function listMemberRows(db: RawSql, workspaceId: string, query: PageQuery, withGroups: boolean): Promise<Page<MemberRow>> {
  return pageRows<MemberRow>(db, workspaceId, { table: "Member", alias: "m", target: USER_TARGET, countAll: countMembers }, query, selectList(withGroups));
}

/** The groups of one member (for a response after a write). */
export async function groupsOfMember(db: RawSql, memberId: string): Promise<MemberGroupRef[]> {
  return db.$queryRaw<MemberGroupRef[]>(sql`
    SELECT g."id" AS "value", g."displayName" AS "display"
    FROM "GroupMembership" gm JOIN "Group" g ON g."id" = gm."groupId"
    WHERE gm."memberId" = ${memberId}::uuid ORDER BY lower(g."displayName") COLLATE "C", g."id"`);
}


export interface InsertMember {
  workspaceId: string;
  data: MemberWritable;
  status: MemberStatus;
  /** The effective role; default VIEWER (the column's default). */
  role?: MemberRole;
  /** The role set by hand; default VIEWER. */
  manualRole?: MemberRole;
  /** The role SCIM `roles` name, if any. */
  scimRole?: MemberRole | null;
  /** SCIM for provisioned members, MANUAL for those an admin invited. */
  source: RecordSource;
  passwordHash?: string | null;
}

const JSON_COLUMNS = { emails: [], extra: {} } as const;

/**
 * The INSERT of a member (id chosen by the caller), RETURNING the row as findMember reads it.
 * Run it with withSideEffects (lib/db/one-statement); a taken userName (any case) is a unique
 * violation from the index on lower("userName").
 */
export function insertMemberSql(input: InsertMember & { id: string }): Prisma.Sql {
  const columns = MEMBER_WRITABLE_COLUMNS.map((c) => Prisma.raw(`"${c}"`));
  const values = MEMBER_WRITABLE_COLUMNS.map((c) =>
    c in JSON_COLUMNS ? sql`${JSON.stringify(input.data[c] ?? JSON_COLUMNS[c as keyof typeof JSON_COLUMNS])}::jsonb` : sql`${input.data[c] ?? null}`,
  );
  return sql`
    INSERT INTO "Member" AS m ("id", "workspaceId", ${Prisma.join(columns)}, "status", "role", "manualRole", "scimRole", "source", "passwordHash")
    VALUES (${input.id}::uuid, ${input.workspaceId}::uuid, ${Prisma.join(values)}, ${input.status}::"MemberStatus",
      ${input.role ?? "VIEWER"}::"MemberRole", ${input.manualRole ?? "VIEWER"}::"MemberRole", ${input.scimRole ?? null}::"MemberRole",
      ${input.source}::"RecordSource", ${input.passwordHash ?? null})
    RETURNING ${MEMBER_COLUMNS}`;
}

export interface UpdateMember {
  data: Partial<MemberWritable>;
  status?: MemberStatus;
  /** The role set by hand (the effective role follows by lib/lifecycle/roles recomputeRoles). */
  manualRole?: MemberRole;
  /** The role SCIM `roles` name (null: none). */
  scimRole?: MemberRole | null;
  /** undefined leaves the hash alone. */
  passwordHash?: string;
  /** Revoke every session issued so far (bumps sessionGeneration). */
  endSessions?: boolean;
}

/**
 * Writes changed columns and bumps the version — the one place a member's version goes up; the
 * caller (a lib/lifecycle transition) holds the row lock. A userName another member has (any
 * case) throws UserNameTakenError.
 */
export async function updateMemberRow(tx: RawSql, row: MemberRow, update: UpdateMember): Promise<MemberRow> {
  try {
    const rows = await tx.$queryRaw<MemberRow[]>(updateMemberRowSql(row, update));
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error)) throw new UserNameTakenError(String(update.data.userName ?? row.userName));
    throw error;
  }
}

/** Where a write composed into one statement finds its row, without a lock held since it was read. */
export type ConditionalUpdate = {
  /** A further condition on the row (alias m) the write must meet, checked atomically by the statement. */
  guard?: Prisma.Sql;
  /** RETURNING the member's groups too (as findMember withGroups reads them). */
  withGroups?: boolean;
} & (
  | {
      /** Only while the row is exactly the version read with `withRowXmin` (nothing changed it since). */
      unchangedSince: MemberRowAt;
    }
  | {
      /** The member with this id, unread: `from` is joined (e.g. a VALUES list of the states a change was planned for) on `where`, and `returning` adds its columns. */
      member: { id: string; workspaceId: string };
      from: Prisma.Sql;
      where: Prisma.Sql;
      returning: Prisma.Sql;
    }
);

/**
 * updateMemberRow's UPDATE … RETURNING the row, as SQL (for a write composed into one statement
 * with its side effects, lib/lifecycle). With `conditional`, it updates nothing unless the row is
 * still the version that was read, or unless it meets `where` against the joined plans (and in
 * both cases the guard): no lock is needed between read and write.
 * Run it where a unique violation (userName taken) becomes UserNameTakenError.
 */
export function updateMemberRowSql(row: Pick<MemberRow, "id">, update: UpdateMember, conditional?: ConditionalUpdate): Prisma.Sql {
  const sets: Prisma.Sql[] = [sql`"version" = "version" + 1`, sql`"updatedAt" = now()`];
  for (const [key, value] of Object.entries(update.data)) {
    if (!(MEMBER_WRITABLE_COLUMNS as readonly string[]).includes(key)) continue;
    const column = Prisma.raw(`"${key}"`);
    sets.push(key in JSON_COLUMNS ? sql`${column} = ${JSON.stringify(value ?? JSON_COLUMNS[key as keyof typeof JSON_COLUMNS])}::jsonb` : sql`${column} = ${value ?? null}`);
  }
  if (update.status !== undefined) sets.push(sql`"status" = ${update.status}::"MemberStatus"`);
  if (update.manualRole !== undefined) sets.push(sql`"manualRole" = ${update.manualRole}::"MemberRole"`);
  if (update.scimRole !== undefined) sets.push(sql`"scimRole" = ${update.scimRole}::"MemberRole"`);
  if (update.endSessions) sets.push(sql`"sessionGeneration" = "sessionGeneration" + 1`);
  if (update.passwordHash !== undefined) sets.push(sql`"passwordHash" = ${update.passwordHash}`);
  if (!conditional) return sql`
      UPDATE "Member" AS m SET ${Prisma.join(sets)} WHERE m."id" = ${row.id}::uuid RETURNING ${MEMBER_COLUMNS}`;
  const { guard, withGroups = false } = conditional;
  const guarded = guard ? sql`AND ${guard}` : Prisma.empty;
  if ("unchangedSince" in conditional) {
    const read = conditional.unchangedSince;
    return sql`
      UPDATE "Member" AS m SET ${Prisma.join(sets)}
      WHERE m."id" = ${read.id}::uuid AND m."workspaceId" = ${read.workspaceId}::uuid AND m."xmin" = ${read.rowXmin}::xid AND m."version" = ${read.version}
        ${guarded}
      RETURNING ${selectList(withGroups)}`;
  }
  const { member, from, where, returning } = conditional;
  return sql`
      UPDATE "Member" AS m SET ${Prisma.join(sets)}
      FROM ${from}
      WHERE m."id" = ${member.id}::uuid AND m."workspaceId" = ${member.workspaceId}::uuid AND ${where}
        ${guarded}
      RETURNING ${selectList(withGroups)}, ${returning}`;
}

/**
 * Deletes a member (memberships and invitations go by cascade) and returns its userName, or
 * null when there is no such member. With `expectedVersion` (If-Match) the delete only happens
 * while the row still has that version (412 otherwise). The groups it belonged to get a new
 * version first, since their member lists change; locking them before the member keeps the lock
 * order (group, then member) of membership writes, so the two cannot deadlock.
 */
export async function deleteMemberRow(
  tx: RawSql,
  workspaceId: string,
  id: string,
  expectedVersion?: (version: number) => boolean,
): Promise<{ userName: string; groups: number } | null> {
  if (!isUuid(id)) return null;
  let version: number | undefined;
  if (expectedVersion) {
    const current = await tx.$queryRaw<{ version: number }[]>(sql`
      SELECT "version" FROM "Member" WHERE "id" = ${id}::uuid AND "workspaceId" = ${workspaceId}::uuid`);
    if (current.length === 0) return null;
    version = current[0].version;
    if (!expectedVersion(version)) throw new VersionMismatchError();
  }
  const bumped = await tx.$executeRaw(sql`
    UPDATE "Group" SET "version" = "version" + 1, "updatedAt" = now()
    WHERE "id" IN (SELECT gm."groupId" FROM "GroupMembership" gm WHERE gm."memberId" = ${id}::uuid)
      AND "workspaceId" = ${workspaceId}::uuid`);
  const versionCondition = version === undefined ? sql`` : sql`AND "version" = ${version}`;
  const deleted = await tx.$queryRaw<{ userName: string }[]>(sql`
    DELETE FROM "Member" WHERE "id" = ${id}::uuid AND "workspaceId" = ${workspaceId}::uuid ${versionCondition}
    RETURNING "userName"`);
  if (deleted.length === 0) {
    if (version !== undefined) throw new VersionMismatchError(); // changed (or deleted) since the check
    return null;
  }
  return { userName: deleted[0].userName, groups: bumped };
}
