// Concurrent requests through the real route handlers. On PostgreSQL these run truly in parallel
// over the pool; on PGlite they interleave on its single connection.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { testEngine } from "@/lib/db/testing";
import { closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, newUser, openScimTestDatabase, patchOp, type TestWorkspace } from "./test-support";

describe(`SCIM concurrency (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
  });
  afterAll(async () => closeScimTestDatabase(db));

  it("20 parallel identical POST /Users: exactly one 201, nineteen 409, one member and one invitation", async () => {
    const body = newUser();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => ws.client.post("/Users", i % 2 ? body : { ...body, userName: body.userName.toUpperCase() })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(19).fill(409)]);
    for (const res of results.filter((r) => r.status === 409)) expect(res.body.scimType).toBe("uniqueness");
    const members = await db.prisma.member.findMany({ where: { workspaceId: ws.id, userName: { equals: body.userName, mode: "insensitive" } } });
    expect(members).toHaveLength(1);
    expect(await db.prisma.invitation.count({ where: { memberId: members[0].id } })).toBe(1);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, action: "scim.user.created", outcome: "FAILURE" } })).toBe(19);
  });

  it("20 parallel PATCH adds of different members to one group: all 20 present, version bumped 20 times", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await ws.client.post("/Users", newUser())).body.id);
    const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `parallel-${Date.now()}` });
    const results = await Promise.all(ids.map((id) => ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: id }] }))));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(204));
    const stored = await db.prisma.groupMembership.findMany({ where: { groupId: group.body.id } });
    expect(stored.map((m) => m.memberId).sort()).toEqual([...ids].sort());
    expect((await db.prisma.group.findUniqueOrThrow({ where: { id: group.body.id } })).version).toBe(21);
    // Every response carried a distinct version: no two writes saw the same state.
    expect(new Set(results.map((r) => r.headers.get("etag"))).size).toBe(20);
  });

  it("10 parallel PATCHes of different attributes on one user: none lost", async () => {
    const user = await ws.client.post("/Users", newUser());
    // Half of these live in their own columns, half share the Member.extra JSON column, where
    // an unlocked read-modify-write would overwrite a concurrent change.
    const edits: [string, unknown][] = [
      ["title", "CTO"],
      ["nickName", "Ace"],
      ["displayName", "Ada L."],
      ["name.middleName", "King"],
      ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Analytics"],
      ["phoneNumbers", [{ value: "+44 20 7946 0000", type: "work" }]],
      ["ims", [{ value: "ada@xmpp", type: "xmpp" }]],
      ["roles", [{ value: "analyst" }]],
      ["profileUrl", "https://example.com/ada"],
      ["urn:example:custom:2.0:User:badge", "A-17"],
    ];
    const results = await Promise.all(edits.map(([path, value]) => ws.client.patch(`/Users/${user.body.id}`, patchOp({ op: "replace", path, value }))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const final = (await ws.client.get(`/Users/${user.body.id}`)).body;
    expect(final).toMatchObject({
      title: "CTO",
      nickName: "Ace",
      displayName: "Ada L.",
      name: { middleName: "King" },
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Analytics" },
      phoneNumbers: [{ value: "+44 20 7946 0000", type: "work" }],
      ims: [{ value: "ada@xmpp", type: "xmpp" }],
      roles: [{ value: "analyst" }],
      profileUrl: "https://example.com/ada",
      "urn:example:custom:2.0:User": { badge: "A-17" },
      meta: { version: 'W/"11"' },
    });
  });

  it("parallel deactivations (applied without a read) racing profile PATCHes on one user: one deactivation, nothing lost", async () => {
    for (let round = 0; round < 3; round++) {
      const user = await ws.client.post("/Users", newUser());
      const id = user.body.id as string;
      const requests = [
        ...Array.from({ length: 6 }, () => ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", value: { active: false } }))),
        ...["Lead", "Principal", "Staff"].map((title, i) => ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: i % 2 ? "title" : "nickName", value: title }))),
      ];
      const results = await Promise.all(requests);
      expect(results.map((r) => r.status)).toEqual(Array(9).fill(200));
      const member = await db.prisma.member.findUniqueOrThrow({ where: { id } });
      // One deactivation and three profile changes, each one version; the other five were no-ops.
      expect(member).toMatchObject({ active: false, status: "DISABLED", version: 1 + 1 + 3, sessionGeneration: 1 });
      expect(await db.prisma.auditEvent.count({ where: { targetId: id, action: "scim.user.deactivated" } })).toBe(1);
      expect(await db.prisma.invitation.count({ where: { memberId: id, revokedAt: null } })).toBe(0);
    }
  });

  it("parallel membership adds and a delete of one of the members: no deadlock, no foreign-key error", async () => {
    // The race is timing-dependent (an add that read the member just before the delete commits),
    // so the scenario runs several rounds to hit it reliably on PostgreSQL.
    for (let round = 0; round < 5; round++) {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await ws.client.post("/Users", newUser())).body.id);
      const groups: string[] = [];
      for (let i = 0; i < 3; i++) {
        groups.push((await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `dl-${Date.now()}-${round}-${i}`, members: [{ value: ids[0] }] })).body.id);
      }
      const work = [
        ...groups.flatMap((g) => ids.slice(1).map((id) => ws.client.patch(`/Groups/${g}`, patchOp({ op: "add", path: "members", value: [{ value: id }] })))),
        ws.client.delete(`/Users/${ids[0]}`),
        ws.client.delete(`/Users/${ids[1]}`),
      ];
      const results = await Promise.all(work);
      // Adds of a member deleted meanwhile fail as unknown (400 invalidValue); nothing else may fail.
      for (const res of results) expect([204, 400]).toContain(res.status);
      for (const res of results.filter((r) => r.status === 400)) expect(res.body.scimType).toBe("invalidValue");
      expect(await db.prisma.groupMembership.count({ where: { memberId: { in: [ids[0], ids[1]] } } })).toBe(0);
      for (const g of groups) expect(await db.prisma.groupMembership.count({ where: { groupId: g } })).toBe(4);
    }
  });
  // Deterministic form of the race above: the add reads the member while its delete is still
  // uncommitted, so it must wait and then report the member as unknown. Needs two real
  // connections, so PostgreSQL only (PGlite runs one transaction at a time).
  it.skipIf(testEngine === "pglite")("an add waiting on a member's uncommitted delete answers 400 invalidValue once the delete commits", async () => {
    const memberId = (await ws.client.post("/Users", newUser())).body.id;
    const groupId = (await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `race-${Date.now()}` })).body.id;
    let commitDelete!: () => void;
    const deleteMayCommit = new Promise<void>((resolve) => (commitDelete = resolve));
    let deleteIssued!: () => void;
    const deleteRan = new Promise<void>((resolve) => (deleteIssued = resolve));
    const deleting = db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM "Member" WHERE "id" = ${memberId}::uuid`;
      deleteIssued();
      await deleteMayCommit;
    });
    await deleteRan;
    const adding = ws.client.patch(`/Groups/${groupId}`, patchOp({ op: "add", path: "members", value: [{ value: memberId }] }));
    // Wait until the add is blocked on the deleted row's lock, then let the delete commit.
    for (let i = 0; i < 200; i++) {
      const [{ waiting }] = await db.prisma.$queryRaw<{ waiting: number }[]>`SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted`;
      if (waiting > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    commitDelete();
    await deleting;
    const res = await adding;
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe("invalidValue");
    expect(await db.prisma.groupMembership.count({ where: { groupId } })).toBe(0);
  });

  // PostgreSQL only: PGlite has one session, so nothing can hold a lock beside the request.
  it.runIf(testEngine === "postgres")(
    "a change to a group that grants a role waits for the workspace before locking the group (the order setGroupRole keeps: no deadlock)",
    async () => {
      const user = (await ws.client.post("/Users", newUser())).body;
      const group = (await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `mapped-${Date.now()}`, members: [{ value: user.id }] })).body;
      await db.prisma.group.update({ where: { id: group.id }, data: { grantsRole: "EDITOR" } });
      // Another transition holds the workspace (as setGroupRole does before it locks the group).
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let workspaceHeld!: () => void;
      const held = new Promise<void>((resolve) => (workspaceHeld = resolve));
      const holder = db.sqlTransaction(async (tx) => {
        await tx.$queryRaw(Prisma.sql`SELECT "id" FROM "Workspace" WHERE "id" = ${ws.id}::uuid FOR UPDATE`);
        workspaceHeld();
        await released;
      });
      await held;
      // The IdP removes the member: the transaction path (recompute, last-admin rule).
      const removal = ws.client.patch(`/Groups/${group.id}`, patchOp({ op: "remove", path: `members[value eq "${user.id}"]` }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // While the removal waits for the workspace it must not hold the group: the holder could
      // need the group next, and the two would deadlock.
      const probe = await db
        .sqlTransaction((tx) => tx.$queryRaw(Prisma.sql`SELECT "id" FROM "Group" WHERE "id" = ${group.id}::uuid FOR NO KEY UPDATE NOWAIT`))
        .then(
          () => "group free",
          (error: Error) => error.message,
        );
      release();
      await holder;
      expect(probe).toBe("group free");
      expect((await removal).status).toBe(204);
      expect(await db.prisma.groupMembership.count({ where: { groupId: group.id } })).toBe(0);
    },
  );
});
