// Paging for SCIM lists, shared by users and groups: a filtered, stably ordered page
// (sort key, then id) and its total, both computed by the database.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { AttributePath, Filter } from "@/lib/scim/filter/ast";
import { filterToSql, sortExpression, type GROUP_TARGET, type USER_TARGET } from "./scim-filter-sql";

const sql = Prisma.sql;

export type Db = PrismaClient | Prisma.TransactionClient;

export interface PageQuery {
  filter?: Filter;
  sortBy?: AttributePath;
  sortOrder: "ascending" | "descending";
  /** 1-based. */
  startIndex: number;
  count: number;
  /** Root /.search: attributes the resource type lacks are unassigned rather than a 400. */
  unknownAttributesAsAbsent?: boolean;
}

export interface PageOfIds {
  ids: string[];
  total: number;
}

interface ListTable {
  table: "Member" | "Group";
  alias: "m" | "g";
  target: typeof USER_TARGET | typeof GROUP_TARGET;
}

/**
 * The ids of one page, in order, and the total. The page is a keyed index walk: with no sortBy
 * it follows ("workspaceId", "createdAt", "id"), and only ids are read for the rows skipped by
 * OFFSET; the caller then loads just the page's rows. COUNT runs only when the page cannot tell
 * the total (a partial page starting at 1, or any partial non-empty page, gives it for free).
 */
export async function pageIds(db: Db, workspaceId: string, list: ListTable, query: PageQuery): Promise<PageOfIds> {
  const alias = Prisma.raw(list.alias);
  const table = Prisma.raw(`"${list.table}"`);
  const target = query.unknownAttributesAsAbsent ? { ...list.target, unknownAsAbsent: true } : list.target;
  const where = query.filter
    ? sql`${alias}."workspaceId" = ${workspaceId}::uuid AND ${filterToSql(query.filter, target)}`
    : sql`${alias}."workspaceId" = ${workspaceId}::uuid`;
  const direction = Prisma.raw(query.sortOrder === "descending" ? "DESC" : "ASC");
  const sortKey = query.sortBy ? sortExpression(query.sortBy, list.target) : sql`${alias}."createdAt"`;
  // Resources without a value sort last either way; the default key (createdAt) is never null,
  // and leaving NULLS out there lets a descending page walk the index backwards.
  const nulls = Prisma.raw(query.sortBy ? "NULLS LAST" : "");
  const offset = query.startIndex - 1;

  const countTotal = async () => {
    const rows = await db.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n FROM ${table} ${alias} WHERE ${where}`);
    return rows[0].n;
  };
  if (query.count === 0) return { ids: [], total: await countTotal() };

  const pageQuery = db.$queryRaw<{ id: string }[]>(sql`
    SELECT ${alias}."id" FROM ${table} ${alias} WHERE ${where}
    ORDER BY ${sortKey} ${direction} ${nulls}, ${alias}."id" ${direction}
    LIMIT ${query.count} OFFSET ${offset}`);
  if (offset === 0) {
    const rows = await pageQuery;
    const total = rows.length < query.count ? rows.length : await countTotal();
    return { ids: rows.map((r) => r.id), total };
  }
  const [rows, total] = await Promise.all([pageQuery, countTotal()]);
  return { ids: rows.map((r) => r.id), total };
}
