// The Members tab: one page of members for a status filter, search and sort, plus the count of
// every status in ONE grouped query. Everything runs in the database (no client-side filtering)
// on index-backed keys, so it stays fast at 100,000 members:
//  - sort keys and prefix search use the "C"-collated expression indexes (see ./sql.ts);
//  - pagination is LIMIT/OFFSET along those indexes (deep pages walk the index, not a sort);
//  - the sort indexes lead with status, and "all statuses" is the UNION ALL of the per-status
//    lists, which PostgreSQL merges in order (Merge Append): no status-less copy of each sort
//    index for every member write to maintain;
//  - search is a PREFIX match on the email (userName), the shown name or the family name — a
//    "contains" search would need a trigram index, which we don't ship.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
import { effectiveRole, describeRoleSource, isRole } from "@/lib/permissions/roles";
import { familyNameKey, memberDisplayName, nameKey, prefixPattern, primaryEmail, userNameKey } from "./sql";

export const MEMBER_STATUS_FILTERS = ["active", "invited", "disabled", "all"] as const;
export type MemberStatusFilter = (typeof MEMBER_STATUS_FILTERS)[number];
export const MEMBER_SORTS = ["name", "email", "lastSignIn", "created"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
export type SortDirection = "asc" | "desc";
export const DEFAULT_PAGE_SIZE = 50;

/** The direction a column sorts in when first clicked. */
export const DEFAULT_SORT_DIRECTION: Record<MemberSort, SortDirection> = { name: "asc", email: "asc", lastSignIn: "desc", created: "desc" };

const STATUS_OF: Record<Exclude<MemberStatusFilter, "all">, MemberStatus> = { active: "ACTIVE", invited: "INVITED", disabled: "DISABLED" };
const EVERY_STATUS = Object.values(STATUS_OF);

export interface ListMembersInput {
  workspaceId: string;
  /** Default "active": SCIM-provisioned people are INVITED until they first sign in. */
  status?: MemberStatusFilter;
  q?: string;
  sort?: MemberSort;
  dir?: SortDirection;
  /** 1-based; clamped to the last page. */
  page?: number;
  pageSize?: number;
  /** Only members whose effective role is this (index "Member_workspaceId_role_status_idx"). */
  role?: MemberRole | null;
  /**
   * false for readers who may not see addresses (Viewers, lib/permissions): search matches names
   * only (an address prefix search would reveal addresses) and rows carry no addresses.
   */
  withEmails?: boolean;
}

export interface MemberListRow {
  id: string;
  name: string;
  userName: string;
  /** The primary SCIM email when it differs from userName, else null. */
  otherEmail: string | null;
  status: MemberStatus;
  /** The effective role, and where it comes from ("from group Roster Admins", "from SCIM", "set by an admin"). */
  role: MemberRole;
  roleSource: string;
  source: RecordSource;
  groupCount: number;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export type StatusCounts = Record<MemberStatusFilter, number>;

export interface MemberList {
  rows: MemberListRow[];
  counts: StatusCounts;
  /** Members matching the status filter and search. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  status: MemberStatusFilter;
  q: string;
  sort: MemberSort;
  dir: SortDirection;
  role: MemberRole | null;
}

function searchCondition(q: string, withEmails = true, role: MemberRole | null = null): Prisma.Sql {
  const byRole = role ? Prisma.sql` AND m."role" = ${role}::"MemberRole"` : Prisma.empty;
  if (!q) return byRole;
  const pattern = prefixPattern(q);
  const byEmail = withEmails ? Prisma.sql`${userNameKey("m")} LIKE ${pattern} OR ` : Prisma.empty;
  return Prisma.sql`${byRole} AND (${byEmail}${nameKey("m")} LIKE ${pattern} OR ${familyNameKey("m")} LIKE ${pattern})`;
}

/** The value a list sorts by; the expressions match the admin indexes (./sql.ts). */
function sortKey(sort: MemberSort): Prisma.Sql {
  switch (sort) {
    case "name":
      return nameKey("m");
    case "email":
      return userNameKey("m");
    case "lastSignIn":
      return Prisma.sql`m."lastSignInAt"`;
    case "created":
      return Prisma.sql`m."createdAt"`;
  }
}

/** ORDER BY the sort key (by default its expression; a query over a subquery passes its column). */
function orderBy(sort: MemberSort, dir: SortDirection, key = sortKey(sort)): Prisma.Sql {
  const d = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  switch (sort) {
    case "email":
      // userName is unique per workspace (case-insensitively): no tie-breaker needed.
      return Prisma.sql`${key} ${d}`;
    case "lastSignIn":
      // Matches the index ("lastSignInAt" DESC NULLS LAST, "id" DESC) in both directions.
      return dir === "desc" ? Prisma.sql`${key} DESC NULLS LAST, m."id" DESC` : Prisma.sql`${key} ASC NULLS FIRST, m."id" ASC`;
    default:
      return Prisma.sql`${key} ${d}, m."id" ${d}`;
  }
}

/** The count query (exported so tests can EXPLAIN it). */
export function memberCountQuery(workspaceId: string, q: string, withEmails = true, role: MemberRole | null = null): Prisma.Sql {
  // "status = ANY(every status)" filters nothing out: it lets a search use the (workspace, status,
  // name) index as three tight ranges instead of reading the workspace's whole range of it. (Sent
  // as text[]: the embedded engine serializes array parameters only for types it knows.)
  return Prisma.sql`
    SELECT m."status"::text AS "status", count(*)::int AS "n"
    FROM "Member" m
    WHERE m."workspaceId" = ${workspaceId}::uuid AND m."status" = ANY(${EVERY_STATUS}::text[]::"MemberStatus"[])${searchCondition(q, withEmails, role)}
    GROUP BY m."status"`;
}

/** Counts per status (and their sum as `all`) for a search, in one grouped query. */
export async function countMembersByStatus(prisma: PrismaClient, workspaceId: string, q = "", withEmails = true, role: MemberRole | null = null): Promise<StatusCounts> {
  const rows = await prisma.$queryRaw<{ status: MemberStatus; n: number }[]>(memberCountQuery(workspaceId, q, withEmails, role));
  const counts: StatusCounts = { active: 0, invited: 0, disabled: 0, all: 0 };
  for (const row of rows) {
    const key = (Object.keys(STATUS_OF) as (keyof typeof STATUS_OF)[]).find((k) => STATUS_OF[k] === row.status);
    if (key) counts[key] = row.n;
    counts.all += row.n;
  }
  return counts;
}

interface MemberRowSql {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  emails: unknown;
  status: MemberStatus;
  role: MemberRole;
  manualRole: MemberRole;
  scimRole: MemberRole | null;
  /** The most powerful role a group of theirs grants, with that group: { role, id, name } or null. */
  groupRole: { role: MemberRole; id: string; name: string } | null;
  source: RecordSource;
  lastSignInAt: Date | null;
  createdAt: Date;
  groupCount: number;
}

/** The page query itself (exported so tests can EXPLAIN it and check the indexes are used). */
export function memberPageQuery(
  p: Required<Omit<ListMembersInput, "page" | "role" | "withEmails">> & { page: number; role?: MemberRole | null; withEmails?: boolean },
): Prisma.Sql {
  const offset = (p.page - 1) * p.pageSize;
  const ofStatus = (status: MemberStatus) =>
    Prisma.sql`SELECT m.*, ${sortKey(p.sort)} AS "sortKey" FROM "Member" m
      WHERE m."workspaceId" = ${p.workspaceId}::uuid AND m."status" = ${status}::"MemberStatus"${searchCondition(p.q, p.withEmails, p.role)}`;
  // Queries over a subquery sort by its "sortKey" column: PostgreSQL knows a subquery's rows come
  // sorted by a column it outputs, not by an expression over its columns.
  const bySortKey = orderBy(p.sort, p.dir, Prisma.sql`m."sortKey"`);
  // One status: a walk of its index. All statuses: each status's first offset + pageSize rows in
  // order (the ORDER BY ... LIMIT in each branch is what lets PostgreSQL merge the three sorted
  // walks instead of sorting the whole workspace), merged lazily (Merge Append), so a page reads
  // about as many rows as one walk would.
  const members =
    p.status === "all"
      ? Prisma.sql`SELECT m.* FROM (${Prisma.join(
          EVERY_STATUS.map((status) => Prisma.sql`(${ofStatus(status)} ORDER BY ${orderBy(p.sort, p.dir)} LIMIT ${offset + p.pageSize})`),
          " UNION ALL ",
        )}) m ORDER BY ${bySortKey}`
      : Prisma.sql`${ofStatus(STATUS_OF[p.status])} ORDER BY ${orderBy(p.sort, p.dir)}`;
  // The group count runs only for the page's rows (in a single-level query PostgreSQL would
  // evaluate it for every row OFFSET skips).
  return Prisma.sql`
    SELECT m."id"::text AS "id", m."userName", m."displayName", m."givenName", m."familyName", m."emails",
           m."status"::text AS "status", m."role"::text AS "role", m."source"::text AS "source",
           m."manualRole"::text AS "manualRole", m."scimRole"::text AS "scimRole",
           m."lastSignInAt", m."createdAt",
           (SELECT count(*)::int FROM "GroupMembership" gm WHERE gm."memberId" = m."id") AS "groupCount",
           (SELECT (array_agg(json_build_object('role', g."grantsRole", 'id', g."id", 'name', g."displayName") ORDER BY g."grantsRole", lower(g."displayName")))[1]
              FROM "GroupMembership" gm JOIN "Group" g ON g."id" = gm."groupId"
              WHERE gm."memberId" = m."id" AND g."grantsRole" IS NOT NULL) AS "groupRole"
    FROM (${members} LIMIT ${p.pageSize} OFFSET ${offset}) m
    ORDER BY ${bySortKey}`;
}

export async function listMembers(prisma: PrismaClient, input: ListMembersInput): Promise<MemberList> {
  const status = input.status ?? "active";
  const q = (input.q ?? "").trim().slice(0, 200);
  const withEmails = input.withEmails ?? true;
  const role = input.role && isRole(input.role) ? input.role : null;
  // Sorting by address would reveal their order to a reader who may not see them.
  const sort = input.sort === "email" && !withEmails ? "name" : (input.sort ?? "name");
  const dir = input.dir ?? DEFAULT_SORT_DIRECTION[sort];
  const pageSize = Math.min(Math.max(Math.trunc(input.pageSize ?? DEFAULT_PAGE_SIZE), 1), 200);

  const counts = await countMembersByStatus(prisma, input.workspaceId, q, withEmails, role);
  const total = counts[status];
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);

  const rows = total === 0 ? [] : await prisma.$queryRaw<MemberRowSql[]>(memberPageQuery({ workspaceId: input.workspaceId, status, q, sort, dir, page, pageSize, role, withEmails }));

  return {
    rows: rows.map((r) => {
      const email = withEmails ? primaryEmail(r.emails) : null;
      const groupRoles = r.groupRole ? [{ groupId: r.groupRole.id, groupName: r.groupRole.name, role: r.groupRole.role }] : [];
      return {
        id: r.id,
        name: withEmails ? memberDisplayName(r) : memberDisplayName({ ...r, userName: "(no name)" }),
        userName: withEmails ? r.userName : "",
        otherEmail: email && email.toLowerCase() !== r.userName.toLowerCase() ? email : null,
        status: r.status,
        role: r.role,
        roleSource: describeRoleSource(effectiveRole({ manualRole: r.manualRole, scimRole: r.scimRole, groupRoles }).source),
        source: r.source,
        groupCount: r.groupCount,
        lastSignInAt: r.lastSignInAt ? new Date(r.lastSignInAt) : null,
        createdAt: new Date(r.createdAt),
      };
    }),
    counts,
    total,
    page,
    pageSize,
    pageCount,
    status,
    q,
    sort,
    dir,
    role,
  };
}
