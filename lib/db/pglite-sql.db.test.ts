// What is particular to the raw-SQL path on PGlite (./pglite-sql.ts): prepared statements in its
// one session, and its sharing of the instance with Prisma. What both engines must do alike (rows,
// parameters, errors, transactions) is in lib/directory/raw-sql.db.test.ts. Always on PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openPglite, type Database } from "./engines";
import { PrismaInsideRawTransactionError } from "./pglite-sql";

const lookup = (n: number) => Prisma.sql`SELECT ${n}::int * 2 AS doubled, 'pglite-sql-test' AS tag`;

describe("raw SQL on PGlite", () => {
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    db = await openPglite();
    await db.migrate();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Raw PGlite", slug: "raw-pglite" } })).id;
  });
  afterAll(async () => db?.close());

  const preparedNames = async () =>
    (await db.sql.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT name FROM pg_prepared_statements WHERE statement LIKE '%pglite-sql-test%'`)).map((r) => r.name);
  const groupsNamed = async (name: string) =>
    (await db.sql.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM "Group" WHERE "displayName" = ${name}`))[0].n;
  const insertGroup = (sql: Database["sql"], name: string) =>
    sql.$executeRaw(Prisma.sql`INSERT INTO "Group" ("workspaceId", "displayName") VALUES (${workspaceId}::uuid, ${name})`);

  it("prepares a repeated statement once, under one name, and binds each call's values", async () => {
    const results = [];
    for (let n = 1; n <= 4; n++) results.push((await db.sql.$queryRaw<{ doubled: number }[]>(lookup(n)))[0].doubled);
    expect(results).toEqual([2, 4, 6, 8]);
    const names = await preparedNames();
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^roster_\d+$/);
  });

  it("a prepared statement whose values fail to bind still serves the next call", async () => {
    const byId = (id: string) => Prisma.sql`SELECT count(*)::int AS n FROM "Group" WHERE "id" = ${id}::uuid AND 'pglite-sql-test' <> ''`;
    const valid = "00000000-0000-7000-8000-000000000000";
    await db.sql.$queryRaw(byId(valid));
    await db.sql.$queryRaw(byId(valid)); // prepared now
    await expect(db.sql.$queryRaw(byId("not-a-uuid"))).rejects.toMatchObject({ code: "22P02" });
    expect(await db.sql.$queryRaw(byId(valid))).toEqual([{ n: 0 }]);
  });

  it("a Prisma query issued while a raw transaction runs waits for it, then sees what it committed", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const insertedYet = new Promise<void>((resolve) => (inserted = resolve));
    const transaction = db.sqlTransaction(async (tx) => {
      await insertGroup(tx, "Shared instance");
      inserted();
      await gate;
    });
    await insertedYet;
    let prismaDone = false;
    const counted = db.prisma.group.count({ where: { displayName: "Shared instance" } }).then((n) => ((prismaDone = true), n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(prismaDone).toBe(false); // queued behind the transaction, not reading half of it
    release();
    await transaction;
    expect(await counted).toBe(1);
  });

  it("a Prisma query from inside a raw transaction fails at once (it would wait forever) and the transaction leaves nothing", async () => {
    const outcome = db.sqlTransaction(async (tx) => {
      await insertGroup(tx, "Prisma inside");
      await db.prisma.group.count();
    });
    await expect(outcome).rejects.toThrow(PrismaInsideRawTransactionError);
    expect(await groupsNamed("Prisma inside")).toBe(0);
    // Prisma's own transactions still work through the guarded instance.
    expect(await db.prisma.$transaction(async (tx) => tx.group.count({ where: { displayName: "Prisma inside" } }))).toBe(0);
  });

  it("concurrent raw statements and transactions queue on the one session without mixing", async () => {
    const work = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? db.sqlTransaction(async (tx) => insertGroup(tx, `Queued ${i}`)) : insertGroup(db.sql, `Queued ${i}`),
    );
    expect(await Promise.all(work)).toEqual(Array(20).fill(1));
    const [{ n }] = await db.sql.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS n FROM "Group" WHERE "displayName" LIKE 'Queued %'`);
    expect(n).toBe(20);
  });
});
