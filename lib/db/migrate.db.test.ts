import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { loadMigrations, type Migration } from "./migrate";
import { openPostgres } from "./engines";
import { openTestDatabase, testEngine } from "./testing";
import type { Database } from "./engines";

describe(`migrator (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.close());

  it("applies every migration once, in order, and records it", async () => {
    const files = await loadMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => f.name)).toEqual([...files.map((f) => f.name)].sort());
    const first = await db.migrate();
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await db.migrate();
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));
    const ledger = await db.prisma.$queryRaw<{ name: string }[]>`SELECT "name" FROM "_roster_migrations" ORDER BY "name"`;
    expect(ledger.map((r) => r.name)).toEqual(files.map((f) => f.name));
  });

  it("refuses to continue when an applied migration was edited", async () => {
    const files = await loadMigrations();
    const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: "different" } : f));
    await expect(db.migrate(edited)).rejects.toThrow(/changed after it was applied/);
  });

  it("rolls a failing migration back completely and records nothing", async () => {
    const bad: Migration = {
      name: "99990101000000_broken",
      sql: `CREATE TABLE "ShouldNotExist" ("id" INT); SELECT * FROM "NoSuchTable";`,
      checksum: "x",
    };
    await expect(db.migrate([...(await loadMigrations()), bad])).rejects.toThrow(/99990101000000_broken failed/);
    const tables = await db.prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'ShouldNotExist'`;
    expect(Number(tables[0].n)).toBe(0);
    const ledger = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_roster_migrations" WHERE "name" = '99990101000000_broken'`;
    expect(Number(ledger[0].n)).toBe(0);
  });
});

describe.runIf(testEngine === "postgres")("migrator under concurrent start (postgres)", () => {
  it("two instances migrating the same empty database at once both succeed, applying each migration once", async () => {
    const db = await openTestDatabase({ migrate: false });
    const url = (db as Database & { url: string }).url;
    const a = openPostgres(url, 2);
    const b = openPostgres(url, 2);
    try {
      const [ra, rb] = await Promise.all([a.migrate(), b.migrate()]);
      const files = (await loadMigrations()).map((f) => f.name);
      expect([...ra.applied, ...rb.applied].sort()).toEqual(files.sort());
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_roster_migrations"`);
      await client.end();
      expect(rows[0].n).toBe(files.length);
    } finally {
      await a.close();
      await b.close();
      await db.close();
    }
  });
});
