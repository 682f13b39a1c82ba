import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openPostgres, type Database } from "./engines";
import { openTestDatabase, testEngine } from "./testing";

// The SQL a lookup repeats with different values; a statement of its own so the test can find it.
const lookup = (n: number) => Prisma.sql`SELECT ${n}::int * 2 AS doubled, 'prepared-statements-test' AS tag`;

async function preparedNames(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ name: string }[]>`
    SELECT name FROM pg_prepared_statements WHERE statement LIKE '%prepared-statements-test%' ORDER BY name`;
  return rows.map((r) => r.name);
}

describe.runIf(testEngine === "postgres")("named prepared statements (postgres)", () => {
  it("a repeated statement is prepared once per connection, under one name, and still gets each call's values", async () => {
    const db = await openTestDatabase({ migrate: false });
    const url = (db as Database & { url: string }).url;
    const app = openPostgres(url, 1); // one connection: every query sees the same session
    try {
      const results = [];
      for (let n = 1; n <= 4; n++) results.push((await app.prisma.$queryRaw<{ doubled: number }[]>(lookup(n)))[0].doubled);
      expect(results).toEqual([2, 4, 6, 8]);
      const names = await preparedNames(app);
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(/^roster_\d+$/);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it("statements sent straight on the pool (db.sql) share the names with Prisma: one name per text", async () => {
    const db = await openTestDatabase({ migrate: false });
    const url = (db as Database & { url: string }).url;
    const app = openPostgres(url, 1);
    try {
      // Another text named first: with a namer of its own, the pool path would reuse its name for
      // a different statement on the same connection, which pg refuses.
      const other = (n: number) => Prisma.sql`SELECT ${n}::int + 1 AS next, 'prepared-statements-test other' AS tag`;
      for (let n = 1; n <= 2; n++) await app.prisma.$queryRaw(other(n));
      const results = [];
      for (let n = 1; n <= 6; n++) {
        const via = n % 2 ? app.sql : app.prisma;
        results.push((await via.$queryRaw<{ doubled: number }[]>(lookup(n)))[0].doubled);
      }
      expect(results).toEqual([2, 4, 6, 8, 10, 12]);
      expect(new Set(await preparedNames(app)).size).toBe(2);
    } finally {
      await app.close();
      await db.close();
    }
  });

  it("DATABASE_PREPARED_STATEMENTS=off (preparedStatements: false) leaves every statement unnamed", async () => {
    const db = await openTestDatabase({ migrate: false });
    const url = (db as Database & { url: string }).url;
    const app = openPostgres(url, 1, { preparedStatements: false });
    try {
      for (let n = 1; n <= 4; n++) await app.prisma.$queryRaw(lookup(n));
      expect(await preparedNames(app)).toEqual([]);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
