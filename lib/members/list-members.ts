// The Members tab: one page of members for a status filter, search and sort, plus the count of
// every status in ONE grouped query. Everything runs in the database (no client-side filtering)
// on index-backed keys, so it stays fast at 100,000 members:
//  - sort keys and prefix search use the "C"-collated expression indexes (see ./sql.ts);
//  - pagination is LIMIT/OFFSET along those indexes (deep pages walk the index, not a sort);
//  - search is a PREFIX match on the email (userName), the shown name or the family name — a
//    "contains" search would need a trigram index, which we don't ship.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
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
}

export interface MemberListRow {
  id: string;
  name: string;
  userName: string;
  /** The primary SCIM email when it differs from userName, else null. */
  otherEmail: string | null;
  status: MemberStatus;
  role: MemberRole;
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
}

function searchCondition(q: string): Prisma.Sql {
  if (!q) return Prisma.empty;
  const pattern = prefixPattern(q);
  return Prisma.sql` AND (${userNameKey("m")} LIKE ${pattern} OR ${nameKey("m")} LIKE ${pattern} OR ${familyNameKey("m")} LIKE ${pattern})`;
}

function orderBy(sort: MemberSort, dir: SortDirection): Prisma.Sql {
  const d = Prisma.raw(dir === "asc" ? "ASC" : "DESC");
  switch (sort) {
    case "name":
      return Prisma.sql`${nameKey("m")} ${d}, m."id" ${d}`;
    case "email":
      // userName is unique per workspace (case-insensitively): no tie-breaker needed.
      return Prisma.sql`${userNameKey("m")} ${d}`;
    case "lastSignIn":
      // Matches the index ("lastSignInAt" DESC NULLS LAST, "id" DESC) in both directions.
      return dir === "desc"
        ? Prisma.sql`m."lastSignInAt" DESC NULLS LAST, m."id" DESC`
        : Prisma.sql`m."lastSignInAt" ASC NULLS FIRST, m."id" ASC`;
    case "created":
      return Prisma.sql`m."createdAt" ${d}, m."id" ${d}`;
  }
}

/** Counts per status (and their sum as `all`) for a search, in one grouped query. */
export async function countMembersByStatus(prisma: PrismaClient, workspaceId: string, q = ""): Promise<StatusCounts> {
  const rows = await prisma.$queryRaw<{ status: MemberStatus; n: number }[]>`
    SELECT m."status"::text AS "status", count(*)::int AS "n"
    FROM "Member" m
    WHERE m."workspaceId" = ${workspaceId}::uuid${searchCondition(q)}
    GROUP BY m."status"`;
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
  source: RecordSource;
  lastSignInAt: Date | null;
  createdAt: Date;
  groupCount: number;
}

/** The page query itself (exported so tests can EXPLAIN it and check the indexes are used). */
export function memberPageQuery(p: Required<Omit<ListMembersInput, "page">> & { page: number }): Prisma.Sql {
  const statusCondition = p.status === "all" ? Prisma.empty : Prisma.sql` AND m."status" = ${STATUS_OF[p.status]}::"MemberStatus"`;
  // The inner query pages along an index; the group count runs only for the page's rows (in a
  // single-level query PostgreSQL would evaluate it for every row OFFSET skips).
  return Prisma.sql`
    SELECT m."id"::text AS "id", m."userName", m."displayName", m."givenName", m."familyName", m."emails",
           m."status"::text AS "status", m."role"::text AS "role", m."source"::text AS "source",
           m."lastSignInAt", m."createdAt",
           (SELECT count(*)::int FROM "GroupMembership" gm WHERE gm."memberId" = m."id") AS "groupCount"
    FROM (
      SELECT m.* FROM "Member" m
      WHERE m."workspaceId" = ${p.workspaceId}::uuid${statusCondition}${searchCondition(p.q)}
      ORDER BY ${orderBy(p.sort, p.dir)}
      LIMIT ${p.pageSize} OFFSET ${(p.page - 1) * p.pageSize}
    ) m
    ORDER BY ${orderBy(p.sort, p.dir)}`;
}

export async function listMembers(prisma: PrismaClient, input: ListMembersInput): Promise<MemberList> {
  const status = input.status ?? "active";
  const q = (input.q ?? "").trim().slice(0, 200);
  const sort = input.sort ?? "name";
  const dir = input.dir ?? DEFAULT_SORT_DIRECTION[sort];
  const pageSize = Math.min(Math.max(Math.trunc(input.pageSize ?? DEFAULT_PAGE_SIZE), 1), 200);

  const counts = await countMembersByStatus(prisma, input.workspaceId, q);
  const total = counts[status];
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);

  const rows = total === 0 ? [] : await prisma.$queryRaw<MemberRowSql[]>(memberPageQuery({ workspaceId: input.workspaceId, status, q, sort, dir, page, pageSize }));

  return {
    rows: rows.map((r) => {
      const email = primaryEmail(r.emails);
      return {
        id: r.id,
        name: memberDisplayName(r),
        userName: r.userName,
        otherEmail: email && email.toLowerCase() !== r.userName.toLowerCase() ? email : null,
        status: r.status,
        role: r.role,
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
  };
}
