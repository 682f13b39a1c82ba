// The SCIM API runs its statements and transactions straight on the driver: the pg pool on
// PostgreSQL (lib/db/raw-sql.ts), PGlite's protocol on the embedded engine (lib/db/pglite-sql.ts).
// These run on both engines with the same expectations: the path gives the stores exactly what
// Prisma's $queryRaw gives, rows and parameters are what pg gives for every type Roster selects,
// its transactions commit or leave nothing, and its errors are classified the same (409 on a taken
// userName, 503 when PostgreSQL is gone).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openPostgres, type Database } from "@/lib/db/engines";
import { StatementOutsideRawTransactionError } from "@/lib/db/pglite-sql";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { seedGroup, seedMember, seedWorkspace } from "@/lib/members/testing";
import { isDatabaseUnavailable, isUniqueViolation } from "./db-errors";
import { findGroup, membersJsonOfGroup } from "./scim-group-store";
import { findMember, listMemberRows } from "./scim-user-store";

describe(`SCIM store statements straight on the driver (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  let memberId: string;
  let groupId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    const { workspace, admin } = await seedWorkspace(db.prisma, "Raw");
    workspaceId = workspace.id;
    const member = await seedMember(db.prisma, workspaceId, {
      userName: "grace@raw.test",
      givenName: "Grace",
      familyName: "Hopper",
      lastSignInAt: new Date("2026-01-02T03:04:05.678Z"),
      status: "ACTIVE",
      emails: [{ value: "grace@raw.test", primary: true, type: "work" }, { value: "gh@home.test" }],
    });
    memberId = member.id;
    await db.prisma.member.update({ where: { id: memberId }, data: { extra: { phoneNumbers: [{ value: "+1 555", type: "work" }] } } });
    groupId = (await seedGroup(db.prisma, workspaceId, "Navy", [memberId, admin.id])).id;
  });
  afterAll(async () => db?.close());

  it("is the driver, not Prisma", () => {
    expect(db.sql).not.toBe(db.prisma);
  });

  it("reads a member (with groups, JSON, dates, enums, ints) exactly as Prisma does", async () => {
    const direct = await findMember(db.sql, workspaceId, memberId, { withGroups: true });
    expect(direct).toEqual(await findMember(db.prisma, workspaceId, memberId, { withGroups: true }));
    expect(direct).toMatchObject({ userName: "grace@raw.test", status: "ACTIVE", version: 1, groups: [{ value: groupId, display: "Navy" }] });
    expect(direct?.createdAt).toBeInstanceOf(Date);
    expect(direct?.extra).toEqual({ phoneNumbers: [{ value: "+1 555", type: "work" }] });
  });

  it("pages, filters and counts members, and reads groups, exactly as Prisma does", async () => {
    const query = { sortOrder: "ascending" as const, startIndex: 1, count: 10 };
    const direct = await listMemberRows(db.sql, workspaceId, query, true);
    expect(direct.total).toBe(2);
    expect(direct).toEqual(await listMemberRows(db.prisma, workspaceId, query, true));
    expect(await findGroup(db.sql, workspaceId, groupId, { withMembers: true })).toEqual(await findGroup(db.prisma, workspaceId, groupId, { withMembers: true }));
    expect(await membersJsonOfGroup(db.sql, groupId, "https://x/Users/")).toEqual(await membersJsonOfGroup(db.prisma, groupId, "https://x/Users/"));
  });

  it("sends parameters as Prisma does: dates, arrays, nulls, booleans, JSON text", async () => {
    const when = new Date("2026-05-06T07:08:09.123Z");
    const statement = Prisma.sql`
      SELECT ${when}::timestamptz AS "at", ${[memberId, groupId]}::uuid[] AS "ids", ${null}::text AS "nothing",
             ${true}::boolean AS "yes", ${JSON.stringify({ a: [1, "b"] })}::jsonb AS "doc", ${42}::int AS "n"`;
    const [direct] = await db.sql.$queryRaw<Record<string, unknown>[]>(statement);
    expect(direct).toEqual((await db.prisma.$queryRaw<Record<string, unknown>[]>(statement))[0]);
    expect(direct).toEqual({ at: when, ids: [memberId, groupId], nothing: null, yes: true, doc: { a: [1, "b"] }, n: 42 });
  });

  it("$executeRaw answers the number of rows written", async () => {
    expect(await db.sql.$executeRaw(Prisma.sql`UPDATE "Group" SET "updatedAt" = now() WHERE "workspaceId" = ${workspaceId}::uuid`)).toBe(1);
  });

  it("a unique violation is recognized (→ 409)", async () => {
    const duplicate = Prisma.sql`INSERT INTO "Member" ("workspaceId", "userName") VALUES (${workspaceId}::uuid, 'GRACE@raw.test')`;
    const error = await db.sql.$executeRaw(duplicate).then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("a transaction commits when its work resolves and leaves nothing when it throws", async () => {
    const insert = (sql: typeof db.sql, name: string) =>
      sql.$executeRaw(Prisma.sql`INSERT INTO "Group" ("workspaceId", "displayName") VALUES (${workspaceId}::uuid, ${name})`);
    const count = async (name: string) =>
      (await db.sql.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS "n" FROM "Group" WHERE "displayName" = ${name}`))[0].n;
    await expect(
      db.sqlTransaction(async (tx) => {
        await insert(tx, "Rolled back");
        // Not visible outside before commit (PostgreSQL); on PGlite, one session, a statement
        // outside the transaction would wait for it forever, and is refused at once instead.
        if (testEngine === "postgres") expect(await count("Rolled back")).toBe(0);
        else await expect(count("Rolled back")).rejects.toThrow(StatementOutsideRawTransactionError);
        throw new Error("work failed");
      }),
    ).rejects.toThrow("work failed");
    expect(await count("Rolled back")).toBe(0);
    expect(await db.sqlTransaction(async (tx) => insert(tx, "Committed"))).toBe(1);
    expect(await count("Committed")).toBe(1);
  });

  it("gives what pg gives for each type Roster selects (int8 and numeric as strings, enum arrays as text)", async () => {
    const when = new Date("2026-03-04T05:06:07.891Z");
    const [row] = await db.sql.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT 'x'::text AS "text", ${memberId}::uuid AS "uuid", 'DISABLED'::"MemberStatus" AS "enum",
             7::int4 AS "int4", 9007199254740993::int8 AS "int8", (SELECT count(*) FROM "Member" WHERE "workspaceId" = ${workspaceId}::uuid) AS "count",
             1.50::numeric AS "numeric", true AS "yes", false AS "no", ${when}::timestamptz AS "at",
             '{"a":[1,"b"]}'::json AS "json", '{"c":null}'::jsonb AS "jsonb", ARRAY['a','b,c','d"e']::text[] AS "texts",
             ARRAY[1,NULL,3]::int[] AS "ints", ARRAY['ACTIVE','INVITED']::"MemberStatus"[] AS "enums", NULL::text AS "nothing", '' AS "empty"`);
    expect(row).toEqual({
      text: "x", uuid: memberId, enum: "DISABLED", int4: 7, int8: "9007199254740993", count: "2", numeric: "1.50", yes: true, no: false,
      at: when, json: { a: [1, "b"] }, jsonb: { c: null }, texts: ["a", "b,c", 'd"e'], ints: [1, null, 3], enums: "{ACTIVE,INVITED}", nothing: null, empty: "",
    });
  });

  it("serializes parameters as pg does: bigint, arrays with awkward elements, enum arrays, JSON objects, undefined", async () => {
    const awkward = ["plain", "with,comma", 'with"quote', "with\\backslash", "", "NULL"];
    const [row] = await db.sql.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
      SELECT ${9007199254740993n}::int8::text AS "big", ${awkward}::text[] AS "texts", ${["ACTIVE", "DISABLED"]}::"MemberStatus"[]::text[] AS "enums",
             ${{ a: 1, b: [true] }}::jsonb AS "object", ${[]}::int[] AS "empty", ${undefined}::text AS "undef"`);
    expect(row).toEqual({ big: "9007199254740993", texts: awkward, enums: ["ACTIVE", "DISABLED"], object: { a: 1, b: [true] }, empty: [], undef: null });
  });

  it("a statement after a failed one in the same transaction is refused (25P02) and the transaction leaves nothing", async () => {
    const duplicate = Prisma.sql`INSERT INTO "Member" ("workspaceId", "userName") VALUES (${workspaceId}::uuid, 'Grace@Raw.Test')`;
    const error = await db
      .sqlTransaction(async (tx) => {
        await tx.$executeRaw(Prisma.sql`INSERT INTO "Group" ("workspaceId", "displayName") VALUES (${workspaceId}::uuid, 'Aborted')`);
        const first = await tx.$executeRaw(duplicate).then(() => null, (e: unknown) => e);
        expect(isUniqueViolation(first)).toBe(true);
        return tx.$queryRaw(Prisma.sql`SELECT 1`); // the work swallowed the error and went on
      })
      .then(() => null, (e: unknown) => e as { code?: string });
    expect(error?.code).toBe("25P02");
    const [{ n }] = await db.sql.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT count(*)::int AS "n" FROM "Group" WHERE "displayName" = 'Aborted'`);
    expect(n).toBe(0);
    expect(await db.sqlTransaction((tx) => tx.$queryRaw<{ ok: number }[]>(Prisma.sql`SELECT 1 AS "ok"`))).toEqual([{ ok: 1 }]);
  });

  it.runIf(testEngine === "postgres")("a failed statement rolls the transaction back and its connection serves the next one", async () => {
    const url = (db as Database & { url: string }).url;
    const single = openPostgres(url, 1); // one connection: a leaked or aborted one would hang or fail the next
    try {
      const duplicate = Prisma.sql`INSERT INTO "Member" ("workspaceId", "userName") VALUES (${workspaceId}::uuid, 'grace@RAW.test')`;
      const error = await single.sqlTransaction((tx) => tx.$executeRaw(duplicate)).then(() => null, (e: unknown) => e);
      expect(isUniqueViolation(error)).toBe(true);
      const [{ ok }] = await single.sqlTransaction((tx) => tx.$queryRaw<{ ok: number }[]>(Prisma.sql`SELECT 1 AS "ok"`));
      expect(ok).toBe(1);
    } finally {
      await single.close();
    }
  });

  it.runIf(testEngine === "postgres")("a database that cannot be reached is recognized (→ 503)", async () => {
    const unreachable = openPostgres("postgres://postgres@127.0.0.1:1/none", 1);
    try {
      const error = await unreachable.sql.$queryRaw(Prisma.sql`SELECT 1`).then(() => null, (e: unknown) => e);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await unreachable.close();
    }
  });
});
