// Time-ordered ids (prisma/migrations/20261129120000_time_ordered_ids, ./ids.ts): every way a row
// gets its id — the tables' default, Prisma's uuid(7), the app's newId() — gives a version 7 UUID
// whose first 48 bits are the insert time, so ids sort by creation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "./engines";
import { newId } from "./ids";
import { openTestDatabase, testEngine } from "./testing";

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => parseInt(id.replace(/-/g, "").slice(0, 12), 16);

describe(`time-ordered ids (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it("Prisma's creates get version 7 ids", async () => {
    const before = Date.now();
    const workspace = await db.prisma.workspace.create({ data: { name: "Ids", slug: "ids" } });
    workspaceId = workspace.id;
    expect(workspace.id).toMatch(UUID_V7);
    expect(millisOf(workspace.id)).toBeGreaterThanOrEqual(before);
  });

  it("an insert that leaves the id out gets one from the table's default, in insert order", async () => {
    const before = Date.now();
    const rows = await db.prisma.$queryRaw<{ id: string; n: number }[]>`
      INSERT INTO "Member" ("workspaceId", "userName", "updatedAt")
      SELECT ${workspaceId}::uuid, 'default' || i || '@example.com', now() FROM generate_series(1, 200) i
      RETURNING "id"::text AS "id", split_part(substring("userName" FROM 8), '@', 1)::int AS "n"`;
    const after = Date.now();
    const inOrder = [...rows].sort((a, b) => a.n - b.n).map((r) => r.id);
    for (const id of inOrder) {
      expect(id).toMatch(UUID_V7);
      expect(millisOf(id)).toBeGreaterThanOrEqual(before - 1); // the database clock may round down
      expect(millisOf(id)).toBeLessThanOrEqual(after + 1);
    }
    // Same millisecond: the random tail decides; across milliseconds, time order holds.
    for (let i = 1; i < inOrder.length; i++) expect(millisOf(inOrder[i])).toBeGreaterThanOrEqual(millisOf(inOrder[i - 1]));
    expect(new Set(inOrder).size).toBe(200);
  });

  it("every table with a generated id defaults to it", async () => {
    const rows = await db.prisma.$queryRaw<{ table_name: string; column_default: string }[]>`
      SELECT table_name, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid' ORDER BY table_name`;
    // Text ids (SsoPendingRequest's: the random SAML request id / OIDC state) are chosen by the app.
    expect(rows.map((r) => [r.table_name, r.column_default])).toEqual(
      ["ApiToken", "AuditEvent", "EmailOutbox", "Group", "Invitation", "Member", "SsoConnection", "Workspace"].map((t) => [t, "roster_uuid_v7()"]),
    );
  });

  it("ids from newId() and from the database interleave by time", async () => {
    const a = newId();
    await new Promise((r) => setTimeout(r, 5));
    const [{ id: b }] = await db.prisma.$queryRaw<{ id: string }[]>`SELECT roster_uuid_v7()::text AS "id"`;
    await new Promise((r) => setTimeout(r, 5));
    const c = newId();
    expect([c, a, b].sort()).toEqual([a, b, c]);
  });
});
