// /Groups through the real route handlers: uniqueness, members on POST/PUT, PATCH membership as
// proportional row changes, unknown member ids (rejected atomically), members not loaded when
// the response does not carry them (checked on the SQL actually sent), versions and audit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { setDatabaseForProcess } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testEngine } from "@/lib/db/testing";
import {
  closeScimTestDatabase,
  createTestWorkspace,
  GROUP_SCHEMA,
  newUser,
  observeRawSql,
  openScimTestDatabase,
  patchOp,
  type TestWorkspace,
} from "./test-support";

describe(`SCIM /Groups (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  /** SQL text of every statement sent (through Prisma or straight on the driver) since the last reset. */
  let statements: string[] = [];

  beforeAll(async () => {
    db = await openScimTestDatabase();
    // Install a client that records each statement's SQL text, so tests can check what was (not) loaded.
    const spying = db.prisma.$extends({
      query: {
        $allOperations({ model, operation, args, query }) {
          const strings = (args as { strings?: string[] })?.strings;
          statements.push(strings ? strings.join("?") : `${model}.${operation}`);
          return query(args);
        },
      },
    });
    const recording = observeRawSql(db, { before: (query) => statements.push(query.strings.join("?")) });
    setDatabaseForProcess({ ...db, prisma: spying as unknown as PrismaClient, ...recording });
    ws = await createTestWorkspace(db);
  });
  afterAll(async () => closeScimTestDatabase(db));
  beforeEach(() => {
    statements = [];
  });

  let seq = 0;
  const groupBody = (extra: Record<string, unknown> = {}) => ({ schemas: [GROUP_SCHEMA], displayName: `Group ${Date.now()}-${seq++}`, ...extra });
  const createUsers = async (n: number, client = ws.client) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await client.post("/Users", newUser())).body.id);
    return ids;
  };
  const memberIds = async (groupId: string) =>
    (await db.prisma.groupMembership.findMany({ where: { groupId }, select: { memberId: true } })).map((m) => m.memberId).sort();
  const version = async (groupId: string) => (await db.prisma.group.findUniqueOrThrow({ where: { id: groupId } })).version;

  it("creates a group with members and returns them with value, display, $ref and type User", async () => {
    const [a, b] = await createUsers(2);
    const res = await ws.client.post("/Groups", groupBody({ externalId: "okta-g1", members: [{ value: a }, { value: b, display: "ignored" }] }));
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`http://roster.test/api/v2/scim/Groups/${res.body.id}`);
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.body.externalId).toBe("okta-g1");
    const users = await db.prisma.member.findMany({ where: { id: { in: [a, b] } } });
    const expected = [a, b].sort().map((id) => ({
      value: id,
      display: users.find((u) => u.id === id)!.userName,
      $ref: `http://roster.test/api/v2/scim/Users/${id}`,
      type: "User",
    }));
    expect(res.body.members).toEqual(expected);
    expect((await ws.client.get(`/Groups/${res.body.id}`)).body.members).toEqual(expected);
    expect(await db.prisma.auditEvent.findFirst({ where: { targetId: res.body.id, action: "scim.group.created" } })).toMatchObject({ details: { members: 2 } });
  });

  it("a plain GET (members built as JSON text by the database) equals a projected GET, and an empty group has no members", async () => {
    const ids = await createUsers(3);
    const created = await ws.client.post("/Groups", groupBody({ externalId: "text-path", members: ids.map((value) => ({ value })) }));
    statements = [];
    const plain = await ws.client.get(`/Groups/${created.body.id}`);
    expect(statements.some((sql) => sql.includes("json_agg"))).toBe(true);
    const projected = await ws.client.get(`/Groups/${created.body.id}?excludedAttributes=externalId`);
    expect(plain.headers.get("etag")).toBe(projected.headers.get("etag"));
    expect(plain.body).toEqual({ ...projected.body, externalId: "text-path" });
    expect(plain.body.members).toHaveLength(3);

    const empty = await ws.client.post("/Groups", groupBody());
    const read = await ws.client.get(`/Groups/${empty.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty("members");
    expect(read.body.displayName).toBe(empty.body.displayName);
    // If-None-Match still answers 304 before anything is built.
    expect((await ws.client.get(`/Groups/${created.body.id}`, { headers: { "if-none-match": plain.headers.get("etag")! } })).status).toBe(304);
  });

  it("stores and returns memberships of INVITED members like any other", async () => {
    const [a] = await createUsers(1);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: a } })).status).toBe("INVITED");
    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }] }));
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([a]);
  });

  it("rejects a displayName taken in any case with 409 uniqueness (POST, PUT and PATCH)", async () => {
    const first = await ws.client.post("/Groups", groupBody());
    const dup = await ws.client.post("/Groups", groupBody({ displayName: first.body.displayName.toUpperCase() }));
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe("uniqueness");
    const second = await ws.client.post("/Groups", groupBody());
    expect((await ws.client.put(`/Groups/${second.body.id}`, groupBody({ displayName: first.body.displayName }))).status).toBe(409);
    expect((await ws.client.patch(`/Groups/${second.body.id}`, patchOp({ op: "replace", path: "displayName", value: first.body.displayName.toLowerCase() }))).status).toBe(409);
    expect((await db.prisma.group.findUniqueOrThrow({ where: { id: second.body.id } })).displayName).toBe(second.body.displayName);
  });

  it("rejects unknown member ids with 400 invalidValue and applies nothing (POST, PATCH, PUT)", async () => {
    const [a, b] = await createUsers(2);
    const unknown = "00000000-0000-4000-8000-000000000001";
    const groupsBefore = await db.prisma.group.count();
    const post = await ws.client.post("/Groups", groupBody({ members: [{ value: a }, { value: unknown }] }));
    expect(post.status).toBe(400);
    expect(post.body.scimType).toBe("invalidValue");
    expect(post.body.detail).toContain(unknown);
    expect(await db.prisma.group.count()).toBe(groupsBefore);

    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }] }));
    const patch = await ws.client.patch(
      `/Groups/${group.body.id}`,
      patchOp({ op: "add", path: "members", value: [{ value: b }, { value: "not-a-uuid" }] }, { op: "replace", path: "displayName", value: "Renamed?" }),
    );
    expect(patch.status).toBe(400);
    expect(patch.body.detail).toContain("not-a-uuid");
    expect(await memberIds(group.body.id)).toEqual([a]);
    expect(await version(group.body.id)).toBe(1);
    expect((await db.prisma.group.findUniqueOrThrow({ where: { id: group.body.id } })).displayName).toBe(group.body.displayName);

    const put = await ws.client.put(`/Groups/${group.body.id}`, groupBody({ displayName: group.body.displayName, members: [{ value: unknown }] }));
    expect(put.status).toBe(400);
    expect(await memberIds(group.body.id)).toEqual([a]);
    expect(await db.prisma.auditEvent.count({ where: { targetId: group.body.id, outcome: "FAILURE" } })).toBe(2);
  });

  it("treats another workspace's member ids as unknown", async () => {
    const other = await createTestWorkspace(db);
    const [foreign] = await createUsers(1, other.client);
    const group = await ws.client.post("/Groups", groupBody());
    const res = await ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: foreign }] }));
    expect(res.status).toBe(400);
    expect(await memberIds(group.body.id)).toEqual([]);
  });

  it("PATCH add/remove/replace members with 204, bumping the version each time", async () => {
    const [a, b, c] = await createUsers(3);
    const group = await ws.client.post("/Groups", groupBody());
    const id = group.body.id;
    const added = await ws.client.patch(`/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: a }, { value: b }] }));
    expect(added.status).toBe(204);
    expect(added.text).toBe("");
    expect(added.headers.get("etag")).toBe('W/"2"');
    expect(await memberIds(id)).toEqual([a, b].sort());
    // Adding an existing member again changes nothing (ON CONFLICT DO NOTHING) but is still a write.
    expect((await ws.client.patch(`/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: a }] }))).status).toBe(204);
    expect(await memberIds(id)).toEqual([a, b].sort());
    await ws.client.patch(`/Groups/${id}`, patchOp({ op: "remove", path: `members[value eq "${a}"]` }));
    expect(await memberIds(id)).toEqual([b]);
    await ws.client.patch(`/Groups/${id}`, patchOp({ op: "replace", path: "members", value: [{ value: c }] }));
    expect(await memberIds(id)).toEqual([c]);
    await ws.client.patch(`/Groups/${id}`, patchOp({ op: "replace", path: "members", value: [] }));
    expect(await memberIds(id)).toEqual([]);
    expect(await version(id)).toBe(6);
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: id, action: "scim.group.members_changed" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.details)).toEqual([
      { added: 2, removed: 0, replacedAll: false },
      { added: 0, removed: 1, replacedAll: false },
      { added: 1, removed: 1, replacedAll: true },
      { added: 0, removed: 1, replacedAll: true },
    ]);
  });

  it("a members-only PATCH is one statement (no group lock held across round trips), with the transaction's outcomes", async () => {
    const [a, b] = await createUsers(2);
    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }] }));
    const id = group.body.id;
    const writesOf = (sqls: string[]) => sqls.filter((s) => /UPDATE "Group"|INSERT INTO "GroupMembership"|DELETE FROM "GroupMembership"|INSERT INTO "AuditEvent"/.test(s));

    statements = [];
    const added = await ws.client.patch(`/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: b }] }, { op: "remove", path: "members", value: [{ value: a }] }));
    expect(added.status).toBe(204);
    expect(added.headers.get("etag")).toBe('W/"2"');
    const writes = writesOf(statements);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/UPDATE "Group"[\s\S]*DELETE FROM "GroupMembership"[\s\S]*INSERT INTO "GroupMembership"[\s\S]*INSERT INTO "AuditEvent"/);
    expect(statements.some((s) => s.includes("FOR NO KEY UPDATE OF g"))).toBe(false);
    // Nothing read before the write: the only statement on the group is the write itself.
    expect(statements.filter((s) => s.includes('"Group"'))).toEqual(writes);
    expect(await memberIds(id)).toEqual([b]);
    const changed = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "scim.group.members_changed" } });
    expect(changed).toMatchObject({ targetType: "Group", targetLabel: group.body.displayName, actorKind: "TOKEN", outcome: "SUCCESS" });
    expect(changed.details).toEqual({ added: 1, removed: 1, replacedAll: false });

    // Adding a member already there changes no row, but is a write: version bumped, audited as an update.
    expect((await ws.client.patch(`/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: b }] }))).status).toBe(204);
    expect(await version(id)).toBe(3);
    const noop = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "scim.group.updated" } });
    expect(noop.details).toEqual({ method: "PATCH", changed: [] });

    // An unknown (well-formed) id: 400 naming it, and nothing applied — not the known one, not the version.
    const unknown = "00000000-0000-4000-8000-0000000000aa";
    const rejected = await ws.client.patch(`/Groups/${id}`, patchOp({ op: "add", path: "members", value: [{ value: a }, { value: unknown }] }));
    expect(rejected.status).toBe(400);
    expect(rejected.body.scimType).toBe("invalidValue");
    expect(rejected.body.detail).toContain(unknown);
    expect(rejected.body.detail).not.toContain(a);
    expect(await memberIds(id)).toEqual([b]);
    expect(await version(id)).toBe(3);
    expect(await db.prisma.auditEvent.count({ where: { targetId: id, outcome: "SUCCESS" } })).toBe(3);

    // A group that does not exist (or no longer does): 404.
    const missing = await ws.client.patch(`/Groups/00000000-0000-4000-8000-0000000000bb`, patchOp({ op: "add", path: "members", value: [{ value: a }] }));
    expect(missing.status).toBe(404);
    // A malformed operation on a missing group is still a 404 (the group is looked up first), and
    // on an existing one the operation's own 400; neither changes anything.
    const malformed = patchOp({ op: "add", path: "members", value: [{ display: "no value" }] });
    expect((await ws.client.patch(`/Groups/00000000-0000-4000-8000-0000000000bb`, malformed)).status).toBe(404);
    const refused = await ws.client.patch(`/Groups/${id}`, malformed);
    expect(refused.status).toBe(400);
    expect(refused.body.scimType).toBe("invalidValue");
    expect(await version(id)).toBe(3);

    // The same id removed and added in one request keeps RFC order (remove, then add): it stays a member.
    expect((await ws.client.patch(`/Groups/${id}`, patchOp({ op: "remove", path: "members", value: [{ value: b }] }, { op: "add", path: "members", value: [{ value: b }] }))).status).toBe(204);
    expect(await memberIds(id)).toEqual([b]);
  });

  it("removes members matched by display (loads the members only for that)", async () => {
    const [a, b] = await createUsers(2);
    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }, { value: b }] }));
    const userB = await db.prisma.member.findUniqueOrThrow({ where: { id: b } });
    const res = await ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "remove", path: `members[display eq "${userB.userName}"]` }));
    expect(res.status).toBe(204);
    expect(await memberIds(group.body.id)).toEqual([a]);
  });

  it("returns 200 with the projected group when a PATCH names attributes", async () => {
    const [a] = await createUsers(1);
    const group = await ws.client.post("/Groups", groupBody());
    const res = await ws.client.patch(`/Groups/${group.body.id}?attributes=members`, patchOp({ op: "add", path: "members", value: [{ value: a }] }));
    expect(res.status).toBe(200);
    expect(res.body.members.map((m: { value: string }) => m.value)).toEqual([a]);
    expect(res.body.displayName).toBeUndefined();
  });

  it("PUT replaces attributes; `members` given replaces the list, omitted leaves it", async () => {
    const [a, b] = await createUsers(2);
    const group = await ws.client.post("/Groups", groupBody({ externalId: "x", members: [{ value: a }] }));
    const renamed = await ws.client.put(`/Groups/${group.body.id}`, groupBody({ displayName: `${group.body.displayName} renamed` }));
    expect(renamed.status).toBe(200);
    expect(renamed.body.externalId).toBeUndefined();
    expect(await memberIds(group.body.id)).toEqual([a]);
    const replaced = await ws.client.put(`/Groups/${group.body.id}`, groupBody({ displayName: renamed.body.displayName, members: [{ value: b }] }));
    expect(replaced.body.members.map((m: { value: string }) => m.value)).toEqual([b]);
    expect(await memberIds(group.body.id)).toEqual([b]);
    expect(replaced.headers.get("etag")).toBe('W/"3"');
  });

  it("does not load members for excludedAttributes=members or attributes without members (GET and list)", async () => {
    const [a] = await createUsers(1);
    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }] }));
    const loadsMembers = () => statements.some((s) => s.includes('"GroupMembership"'));

    statements = [];
    const excluded = await ws.client.get(`/Groups/${group.body.id}?excludedAttributes=members`);
    expect(excluded.body.members).toBeUndefined();
    expect(excluded.body.displayName).toBe(group.body.displayName);
    expect(loadsMembers()).toBe(false);

    statements = [];
    const listed = await ws.client.get(`/Groups?filter=displayName eq "${group.body.displayName}"&excludedAttributes=members`);
    expect(listed.body.totalResults).toBe(1);
    expect(listed.body.Resources[0].members).toBeUndefined();
    expect(loadsMembers()).toBe(false);

    statements = [];
    await ws.client.get(`/Groups/${group.body.id}?attributes=displayName`);
    expect(loadsMembers()).toBe(false);

    // The control: a plain GET does load them.
    statements = [];
    expect((await ws.client.get(`/Groups/${group.body.id}`)).body.members).toHaveLength(1);
    expect(loadsMembers()).toBe(true);
  });

  it("adds one member to a 3,000-member group with the same statements as to a 2-member group, never reading the member list", async () => {
    const big = await ws.client.post("/Groups", groupBody());
    const small = await ws.client.post("/Groups", groupBody());
    // Seed directly: 3,000 members, all in the big group; two in the small one.
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "Member" ("workspaceId", "userName", "updatedAt") SELECT $1::uuid, 'bulk' || i || '@example.com', now() FROM generate_series(1, 3000) i`,
      ws.id,
    );
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId") SELECT $1::uuid, "id", $2::uuid FROM "Member" WHERE "userName" LIKE 'bulk%@example.com' AND "workspaceId" = $2::uuid`,
      big.body.id,
      ws.id,
    );
    await db.prisma.$executeRawUnsafe(
      `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId") SELECT $1::uuid, "id", $2::uuid FROM "Member" WHERE "userName" IN ('bulk1@example.com', 'bulk2@example.com') AND "workspaceId" = $2::uuid`,
      small.body.id,
      ws.id,
    );
    const [newcomer1, newcomer2] = await createUsers(2);

    statements = [];
    expect((await ws.client.patch(`/Groups/${big.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: newcomer1 }] }))).status).toBe(204);
    const bigStatements = statements;
    statements = [];
    expect((await ws.client.patch(`/Groups/${small.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: newcomer2 }] }))).status).toBe(204);
    expect(bigStatements).toEqual(statements);
    // Nothing read the membership list (membersOfGroups) or deleted it wholesale.
    expect(bigStatements.some((s) => s.includes('"groupId" = ANY'))).toBe(false);
    expect(bigStatements.some((s) => s.includes('DELETE FROM "GroupMembership"'))).toBe(false);
    expect(await db.prisma.groupMembership.count({ where: { groupId: big.body.id } })).toBe(3001);

    statements = [];
    expect((await ws.client.patch(`/Groups/${big.body.id}`, patchOp({ op: "remove", path: "members", value: [{ value: newcomer1 }] }))).status).toBe(204);
    expect(statements.some((s) => s.includes('"groupId" = ANY'))).toBe(false);
    // Deleted by the member named (one member: `= ?`, several: `= ANY(?)`), never the whole list.
    const deletes = statements.filter((s) => s.includes('DELETE FROM "GroupMembership"'));
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((s) => /"memberId" = (ANY\(|\?::uuid)/.test(s))).toBe(true);
    expect(await db.prisma.groupMembership.count({ where: { groupId: big.body.id } })).toBe(3000);
  });

  it("renames with Okta's path-less replace of {id, displayName}", async () => {
    const group = await ws.client.post("/Groups", groupBody());
    const res = await ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "replace", value: { id: group.body.id, displayName: `${group.body.displayName}-2` } }));
    expect(res.status).toBe(204);
    expect((await ws.client.get(`/Groups/${group.body.id}`)).body.displayName).toBe(`${group.body.displayName}-2`);
    expect(await db.prisma.auditEvent.findFirst({ where: { targetId: group.body.id, action: "scim.group.updated" } })).toMatchObject({
      details: { changed: ["displayName"], from: group.body.displayName },
    });
  });

  it("honours If-Match on PATCH/PUT/DELETE (412) and If-None-Match on GET (304)", async () => {
    const group = await ws.client.post("/Groups", groupBody());
    const id = group.body.id;
    expect((await ws.client.patch(`/Groups/${id}`, patchOp({ op: "replace", path: "displayName", value: "zz" }), { headers: { "if-match": 'W/"9"' } })).status).toBe(412);
    expect((await ws.client.put(`/Groups/${id}`, groupBody(), { headers: { "if-match": 'W/"9"' } })).status).toBe(412);
    expect((await ws.client.delete(`/Groups/${id}`, { headers: { "if-match": 'W/"9"' } })).status).toBe(412);
    expect((await ws.client.get(`/Groups/${id}`, { headers: { "if-none-match": 'W/"1"' } })).status).toBe(304);
    expect((await ws.client.delete(`/Groups/${id}`, { headers: { "if-match": 'W/"1"' } })).status).toBe(204);
  });

  it("DELETE answers 204, removes memberships, then 404", async () => {
    const [a] = await createUsers(1);
    const group = await ws.client.post("/Groups", groupBody({ members: [{ value: a }] }));
    expect((await ws.client.delete(`/Groups/${group.body.id}`)).status).toBe(204);
    expect((await ws.client.get(`/Groups/${group.body.id}`)).status).toBe(404);
    expect((await ws.client.get(`/Groups/${group.body.id}`)).body.detail).toBe("Group not found");
    expect(await db.prisma.groupMembership.count({ where: { groupId: group.body.id } })).toBe(0);
    expect(await db.prisma.member.count({ where: { id: a } })).toBe(1);
  });

  it("rejects nested groups (a member of type Group)", async () => {
    const inner = await ws.client.post("/Groups", groupBody());
    const res = await ws.client.post("/Groups", groupBody({ members: [{ value: inner.body.id, type: "Group" }] }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidValue");
  });
});
