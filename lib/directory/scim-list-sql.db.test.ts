// Paging in SQL: stable order (sort key, then id) even when sort keys tie, the single-statement
// and the deferred-join (deep page) strategies returning identical pages, and totals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { parseFilter } from "@/lib/scim/filter/parser";
import { countMembers } from "./member-count";
import { USER_TARGET } from "./scim-filter-sql";
import type { RawSql } from "@/lib/db/raw-sql";
import { pageRows, type PageQuery } from "./scim-list-sql";

describe(`SCIM paging SQL (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  const select = Prisma.sql`m."id", m."userName"`;
  const list = { table: "Member" as const, alias: "m" as const, target: USER_TARGET };

  beforeAll(async () => {
    db = await openTestDatabase();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Paging", slug: "paging" } })).id;
    // 37 members sharing only three creation times and four family names: every ordering has ties.
    const times = [new Date("2026-01-01T00:00:00Z"), new Date("2026-01-02T00:00:00Z"), new Date("2026-01-03T00:00:00Z")];
    for (let i = 0; i < 37; i++) {
      await db.prisma.member.create({
        data: { workspaceId, userName: `p${i}@example.com`, familyName: i % 5 === 0 ? null : ["Ng", "ng", "Abe", "Zed"][i % 4], createdAt: times[i % 3] },
      });
    }
  });
  afterAll(async () => db?.close());

  async function walk(query: Omit<PageQuery, "startIndex" | "count">, count: number, deferredFrom: number) {
    const ids: string[] = [];
    const totals = new Set<number>();
    for (let start = 1; start <= 40; start += count) {
      const page = await pageRows<{ id: string }>(db.prisma, workspaceId, list, { ...query, startIndex: start, count }, select, deferredFrom);
      totals.add(page.total);
      ids.push(...page.rows.map((r) => r.id));
    }
    return { ids, totals: [...totals] };
  }

  const cases: [string, Omit<PageQuery, "startIndex" | "count">, number][] = [
    ["default order", { sortOrder: "ascending" }, 37],
    ["default order, descending", { sortOrder: "descending" }, 37],
    ["sortBy name.familyName", { sortOrder: "ascending", sortBy: { attribute: "name", subAttribute: "familyName" } }, 37],
    ["sortBy name.familyName descending", { sortOrder: "descending", sortBy: { attribute: "name", subAttribute: "familyName" } }, 37],
    ["filtered", { sortOrder: "ascending", filter: parseFilter('name.familyName eq "ng"') }, 15],
  ];

  it.each(cases)("%s: every row exactly once, same pages with and without the deferred join", async (_, query, total) => {
    for (const count of [1, 4, 7]) {
      const single = await walk(query, count, Number.MAX_SAFE_INTEGER);
      const deferred = await walk(query, count, 0);
      expect(single.ids).toHaveLength(total);
      expect(new Set(single.ids).size).toBe(total);
      expect(deferred.ids).toEqual(single.ids);
      expect(single.totals).toEqual([total]);
      expect(deferred.totals).toEqual([total]);
    }
  });

  it("count=0 only counts", async () => {
    expect(await pageRows(db.prisma, workspaceId, list, { sortOrder: "ascending", startIndex: 1, count: 0 }, select)).toEqual({ rows: [], total: 37 });
  });

  it("takes an unfiltered total from the kept member count, and COUNTs a filtered one", async () => {
    const calls: string[] = [];
    const counted = { ...list, countAll: (d: RawSql, ws: string) => (calls.push(ws), countMembers(d, ws)) };
    const deep = await pageRows<{ id: string }>(db.prisma, workspaceId, counted, { sortOrder: "ascending", startIndex: 31, count: 5 }, select, 0);
    expect(deep.total).toBe(37);
    expect(deep.rows).toHaveLength(5);
    expect(calls).toEqual([workspaceId]);
    expect((await pageRows(db.prisma, workspaceId, counted, { sortOrder: "ascending", startIndex: 1, count: 0 }, select)).total).toBe(37);
    expect(calls).toHaveLength(2);
    const filtered = await pageRows(db.prisma, workspaceId, counted, { sortOrder: "ascending", startIndex: 2, count: 5, filter: parseFilter('name.familyName eq "ng"') }, select);
    expect(filtered.total).toBe(15);
    expect(calls).toHaveLength(2);
  });

  // An IdP lookup (filter, first page) must run on PostgreSQL's cached generic plan, not be planned
  // again each time: the generic plan of a first page costs the same as a custom one only without
  // an OFFSET parameter.
  it.runIf(testEngine === "postgres")("a first-page lookup runs on a cached generic plan", async () => {
    const url = (db as Database & { url: string }).url;
    const { openPostgres } = await import("@/lib/db/engines");
    const single = openPostgres(url, 1); // one session, so pg_prepared_statements sees the lookup's statement
    try {
      for (let i = 0; i < 8; i++) {
        const filter = parseFilter(`userName eq "p${i}@example.com"`);
        const page = await pageRows<{ id: string }>(single.sql, workspaceId, list, { filter, sortOrder: "ascending", startIndex: 1, count: 100 }, select);
        expect(page.total).toBe(1);
      }
      const [statement] = await single.sql.$queryRaw<{ generic_plans: number; custom_plans: number; statement: string }[]>(Prisma.sql`
        SELECT generic_plans::int, custom_plans::int, statement FROM pg_prepared_statements WHERE statement LIKE '%lower(m."userName") COLLATE "C" = lower(%'`);
      expect(statement.statement).not.toContain("OFFSET");
      expect(statement.generic_plans).toBeGreaterThan(0);
      expect(statement.custom_plans).toBeLessThanOrEqual(5);
    } finally {
      await single.close();
    }
  });
});
