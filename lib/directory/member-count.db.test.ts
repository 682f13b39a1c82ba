// The member count kept by triggers (prisma/migrations/20261129000000_member_counts): after every
// kind of write — single and bulk inserts, deletes, failed statements, rolled-back transactions,
// concurrent inserts over several connections — it equals COUNT(*), per workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { loadMigrations } from "@/lib/db/migrate";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { countMembers } from "./member-count";

describe(`member count kept by triggers (${testEngine})`, () => {
  let db: Database;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    ws = (await db.prisma.workspace.create({ data: { name: "Counted", slug: "counted" } })).id;
    other = (await db.prisma.workspace.create({ data: { name: "Other", slug: "other" } })).id;
  });
  afterAll(async () => db?.close());

  const actual = (workspaceId: string) => db.prisma.member.count({ where: { workspaceId } });
  const bulkInsert = (workspaceId: string, prefix: string, n: number) =>
    db.prisma.$executeRawUnsafe(
      `INSERT INTO "Member" ("workspaceId", "userName", "updatedAt") SELECT $1::uuid, $2 || i || '@example.com', now() FROM generate_series(1, $3::int) i`,
      workspaceId,
      prefix,
      n,
    );

  it("starts at 0 and follows single inserts, bulk inserts and deletes, per workspace", async () => {
    expect(await countMembers(db.prisma, ws)).toBe(0);
    await db.prisma.member.create({ data: { workspaceId: ws, userName: "one@example.com" } });
    expect(await countMembers(db.prisma, ws)).toBe(1);
    await bulkInsert(ws, "bulk", 500);
    await bulkInsert(other, "elsewhere", 7);
    expect(await countMembers(db.prisma, ws)).toBe(501);
    expect(await countMembers(db.prisma, other)).toBe(7);
    await db.prisma.$executeRawUnsafe(`DELETE FROM "Member" WHERE "workspaceId" = $1::uuid AND "userName" LIKE 'bulk1%'`, ws);
    expect(await countMembers(db.prisma, ws)).toBe(await actual(ws));
    expect(await countMembers(db.prisma, ws)).toBeLessThan(501);
    expect(await countMembers(db.prisma, other)).toBe(7);
  });

  it("is unchanged by a statement that fails and by a transaction that rolls back", async () => {
    const before = await countMembers(db.prisma, ws);
    // The second row collides with the first (userName is unique per workspace, case-insensitively).
    await expect(
      db.prisma.$executeRawUnsafe(
        `INSERT INTO "Member" ("workspaceId", "userName", "updatedAt") VALUES ($1::uuid, 'dup@example.com', now()), ($1::uuid, 'DUP@example.com', now())`,
        ws,
      ),
    ).rejects.toThrow();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.member.create({ data: { workspaceId: ws, userName: "rolled-back@example.com" } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await countMembers(db.prisma, ws)).toBe(before);
    expect(await actual(ws)).toBe(before);
  });

  it("stays exact under concurrent inserts and deletes over the connection pool", async () => {
    const inserts = Array.from({ length: 60 }, (_, i) => db.prisma.member.create({ data: { workspaceId: ws, userName: `c${i}@example.com` } }));
    await Promise.all(inserts);
    const victims = await db.prisma.member.findMany({ where: { workspaceId: ws, userName: { startsWith: "c" } }, select: { id: true }, take: 25 });
    await Promise.all(victims.map(({ id }) => db.prisma.member.delete({ where: { id } })));
    expect(await countMembers(db.prisma, ws)).toBe(await actual(ws));
    expect(await countMembers(db.prisma, other)).toBe(7);
  });

  it("refuses to move a member to another workspace (the counts would drift)", async () => {
    const member = await db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws } });
    await expect(db.prisma.member.update({ where: { id: member.id }, data: { workspaceId: other } })).rejects.toThrow(/cannot move to another workspace/);
    // Writing the same workspace id is not a move.
    await db.prisma.member.update({ where: { id: member.id }, data: { workspaceId: ws, title: "Stays" } });
    expect(await countMembers(db.prisma, ws)).toBe(await actual(ws));
  });

  it("reads 0 for a workspace with no members and after TRUNCATE", async () => {
    const empty = (await db.prisma.workspace.create({ data: { name: "Empty", slug: "empty" } })).id;
    expect(await countMembers(db.prisma, empty)).toBe(0);
    await db.prisma.$executeRawUnsafe(`TRUNCATE "Member" CASCADE`);
    expect(await countMembers(db.prisma, ws)).toBe(0);
    await bulkInsert(ws, "again", 3);
    expect(await countMembers(db.prisma, ws)).toBe(3);
  });
});

describe(`member count migration (${testEngine})`, () => {
  it("counts the members a database already had when the migration is applied", async () => {
    const db = await openTestDatabase({ migrate: false });
    try {
      const migrations = await loadMigrations();
      const counts = migrations.findIndex((m) => m.name.endsWith("_member_counts"));
      expect(counts).toBeGreaterThan(0);
      await db.migrate(migrations.slice(0, counts));
      const ws = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`INSERT INTO "Workspace" ("name", "slug") VALUES ('Before', 'before') RETURNING "id"`))[0].id;
      await db.prisma.$executeRawUnsafe(
        `INSERT INTO "Member" ("workspaceId", "userName", "updatedAt") SELECT $1::uuid, 'b' || i || '@example.com', now() FROM generate_series(1, 42) i`,
        ws,
      );
      await db.migrate(migrations);
      expect(await countMembers(db.prisma, ws)).toBe(42);
      await db.prisma.$executeRawUnsafe(`INSERT INTO "Member" ("workspaceId", "userName", "updatedAt") VALUES ($1::uuid, 'after@example.com', now())`, ws);
      expect(await countMembers(db.prisma, ws)).toBe(43);
    } finally {
      await db.close();
    }
  });
});

