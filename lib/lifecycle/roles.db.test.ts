// Effective roles in the database: the SQL recompute (lib/lifecycle/roles.ts) must agree with the
// pure rule (lib/permissions/roles.ts) for every combination of manual role × group roles × SCIM
// role × status, a whole group is recomputed in ONE statement however large, and no recompute may
// leave a workspace without an active admin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { seedGroup, seedMember, seedWorkspace } from "@/lib/members/testing";
import { can, effectiveRole, MEMBER_ROLES } from "@/lib/permissions/roles";
import { observeRawSql } from "@/lib/scim-http/test-support";
import { findGroup } from "@/lib/directory/scim-group-store";
import { LastAdminError, NotAllowedError, RoleOwnedByIdpError } from "./errors";
import { changeGroup, changeGroupMembers, deleteGroup, setGroupRole } from "./groups";
import { changeMemberRole } from "./members";
import { recomputeRoles } from "./roles";
import type { Door } from "./door";

const door: Door = { kind: "scim", actor: { kind: "TOKEN", id: "t", label: "Okta" }, requestId: "req-1" };

type Case = [manual: MemberRole, groups: MemberRole[], scim: MemberRole | null, status: MemberStatus, expected: MemberRole];

// manual × groups × SCIM × status: the highest wins; status never changes the role (a DISABLED
// member keeps it — and may do nothing, see can()).
const CASES: Case[] = [
  ["VIEWER", [], null, "ACTIVE", "VIEWER"],
  ["GUEST", [], null, "ACTIVE", "GUEST"],
  ["GUEST", ["EDITOR"], null, "ACTIVE", "EDITOR"],
  ["VIEWER", ["EDITOR", "ADMIN"], null, "ACTIVE", "ADMIN"],
  ["ADMIN", ["GUEST"], null, "ACTIVE", "ADMIN"],
  ["GUEST", [], "EDITOR", "ACTIVE", "EDITOR"],
  ["EDITOR", [], "VIEWER", "INVITED", "EDITOR"],
  ["GUEST", ["VIEWER"], "ADMIN", "INVITED", "ADMIN"],
  ["VIEWER", ["ADMIN"], "GUEST", "DISABLED", "ADMIN"],
  ["GUEST", ["GUEST", "GUEST"], "GUEST", "DISABLED", "GUEST"],
  ["EDITOR", ["VIEWER"], null, "DISABLED", "EDITOR"],
];

describe(`effective roles (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  const roleOf = async (id: string) => (await db.prisma.member.findUniqueOrThrow({ where: { id } })).role;

  it.each(CASES)("manual %s, groups %j, SCIM %s, %s → %s", async (manual, groupRoles, scim, status, expected) => {
    const { workspace } = await seedWorkspace(db.prisma);
    const m = await seedMember(db.prisma, workspace.id, { userName: `m@${workspace.slug}.test`, status, role: manual });
    // The stored role starts wrong on purpose: only the recompute can set it right.
    await db.prisma.member.update({ where: { id: m.id }, data: { scimRole: scim, role: manual === "GUEST" ? "VIEWER" : "GUEST" } });
    const groups = [];
    for (const [i, role] of groupRoles.entries()) {
      const group = await seedGroup(db.prisma, workspace.id, `G${i}`, [m.id]);
      await db.prisma.group.update({ where: { id: group.id }, data: { grantsRole: role } });
      groups.push({ groupId: group.id, groupName: `G${i}`, role });
    }
    await db.sqlTransaction((tx) => recomputeRoles(tx, door, { workspaceId: workspace.id, scope: { memberIds: [m.id] }, cause: { kind: "scim", requestId: "req-1" } }));
    const stored = await roleOf(m.id);
    expect(stored).toBe(expected);
    expect(stored).toBe(effectiveRole({ manualRole: manual, scimRole: scim, groupRoles: groups }).role);
    expect(can({ role: stored, status }, "account.self")).toBe(status !== "DISABLED");
  });

  it("records each change once with old role, new role and the cause; an unchanged member gets no event", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    const a = await seedMember(db.prisma, workspace.id, { userName: `a@${workspace.slug}.test`, status: "ACTIVE" });
    const b = await seedMember(db.prisma, workspace.id, { userName: `b@${workspace.slug}.test`, status: "ACTIVE", role: "ADMIN" });
    const group = await seedGroup(db.prisma, workspace.id, "Roster Admins", [a.id, b.id]);
    const result = await setGroupRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: (await firstAdmin(workspace.id)).id, groupId: group.id, role: "ADMIN" });
    expect(result.roleChanges).toEqual([{ id: a.id, userName: a.userName, from: "VIEWER", to: "ADMIN" }]);
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "member.role_changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      targetId: a.id,
      details: { from: "VIEWER", to: "ADMIN", cause: { kind: "group", groupId: group.id, groupName: "Roster Admins", change: "mapping" } },
    });
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: workspace.id, action: "group.role_mapping_changed" } })).toBe(1);
  });

  const firstAdmin = (workspaceId: string) => db.prisma.member.findFirstOrThrow({ where: { workspaceId, role: "ADMIN" }, orderBy: { createdAt: "asc" } });

  it("maps a 50,000-member group to a role with ONE member update, whatever the group's size", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma, "Big");
    const group = await seedGroup(db.prisma, workspace.id, "Everyone");
    await db.prisma.$executeRaw(Prisma.sql`
      WITH m AS (
        INSERT INTO "Member" ("workspaceId", "userName", "status")
        SELECT ${workspace.id}::uuid, 'user' || i || '@big.test', 'ACTIVE' FROM generate_series(1, 50000) i RETURNING "id")
      INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId") SELECT ${group.id}::uuid, m."id", ${workspace.id}::uuid FROM m`);
    const statements: string[] = [];
    const observed = observeRawSql(db, { before: (query) => statements.push(query.strings.join("?")) });
    const result = await setGroupRole(observed.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, groupId: group.id, role: "EDITOR" });
    expect(result.roleChanges).toHaveLength(50_000);
    const memberUpdates = statements.filter((s) => /UPDATE "Member"/.test(s));
    expect(memberUpdates).toHaveLength(1);
    // lock workspace, actor, group, mapping, its audit event, the recompute: a constant number.
    expect(statements.length).toBeLessThanOrEqual(8);
    expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, role: "EDITOR" } })).toBe(50_000);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: workspace.id, action: "member.role_changed" } })).toBe(50_000);

    // Adding one member to that group: one more recompute statement, for that member only.
    const newcomer = await seedMember(db.prisma, workspace.id, { userName: "new@big.test", status: "ACTIVE" });
    statements.length = 0;
    await observed.sqlTransaction(async (tx) => {
      const current = await findGroup(tx, workspace.id, group.id, { withMembers: false, forUpdate: true });
      await changeGroup(tx, door, { workspaceId: workspace.id, current: current!, columns: null, members: { add: [{ value: newcomer.id }], remove: [], replaceAll: null }, method: "PATCH" });
    });
    expect(statements.filter((s) => /UPDATE "Member"/.test(s))).toHaveLength(1);
    expect(await roleOf(newcomer.id)).toBe("EDITOR");
  }, 180_000);

  it("removing the only admin's admin group over SCIM is refused, and nothing changes", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const other = await seedMember(db.prisma, workspace.id, { userName: `o@${workspace.slug}.test`, status: "ACTIVE" });
    const group = await seedGroup(db.prisma, workspace.id, "Roster Admins", [other.id]);
    await setGroupRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, groupId: group.id, role: "ADMIN" });
    // The original admin steps down (allowed: `other` is an admin through the group).
    await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: admin.id, role: "VIEWER" });
    expect(await roleOf(admin.id)).toBe("VIEWER");
    const current = await findGroup(db.sql, workspace.id, group.id, { withMembers: false });
    const removal = db.sqlTransaction((tx) =>
      changeGroup(tx, door, { workspaceId: workspace.id, current: current!, columns: null, members: { add: [], remove: [other.id], replaceAll: null }, method: "PATCH" }),
    );
    await expect(removal).rejects.toBeInstanceOf(LastAdminError);
    await expect(removal).rejects.toThrow(/removing them from group 'Roster Admins' would take the Admin role away from o@/i);
    expect(await roleOf(other.id)).toBe("ADMIN");
    expect(await db.prisma.groupMembership.count({ where: { groupId: group.id } })).toBe(1);
    // Deleting the group is refused the same way.
    await expect(db.sqlTransaction((tx) => deleteGroup(tx, door, { workspaceId: workspace.id, groupId: group.id }))).rejects.toBeInstanceOf(LastAdminError);
    // With another admin, the group delete takes the role away.
    await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: other.id, memberId: admin.id, role: "ADMIN" });
    await db.sqlTransaction((tx) => deleteGroup(tx, door, { workspaceId: workspace.id, groupId: group.id }));
    expect(await roleOf(other.id)).toBe("VIEWER");
  });

  it("a hand-set role cannot go below the IdP's; raising it is allowed and stays after the group lets go", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const m = await seedMember(db.prisma, workspace.id, { userName: `m@${workspace.slug}.test`, status: "ACTIVE" });
    const group = await seedGroup(db.prisma, workspace.id, "Editors", [m.id]);
    await setGroupRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, groupId: group.id, role: "EDITOR" });
    await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, role: "GUEST" })).rejects.toThrow(RoleOwnedByIdpError);
    await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, role: "GUEST" })).rejects.toThrow(/gets Editor from group Editors/);
    expect(await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, role: "ADMIN" })).toMatchObject({ changed: true, to: "ADMIN" });
    await setGroupRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, groupId: group.id, role: null });
    expect(await roleOf(m.id)).toBe("ADMIN");
  });

  it("Editors change roles of non-Admins up to Editor; Viewers and Guests change none; only Admins map groups", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const seed = (name: string, role: MemberRole) => seedMember(db.prisma, workspace.id, { userName: `${name}@${workspace.slug}.test`, status: "ACTIVE", role });
    const editor = await seed("editor", "EDITOR");
    const viewer = await seed("viewer", "VIEWER");
    const target = await seed("target", "GUEST");
    const change = (actorId: string, memberId: string, role: MemberRole) => changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId, memberId, role });
    expect(await change(editor.id, target.id, "EDITOR")).toMatchObject({ changed: true, to: "EDITOR" });
    await expect(change(editor.id, target.id, "ADMIN")).rejects.toThrow(NotAllowedError);
    await expect(change(editor.id, admin.id, "VIEWER")).rejects.toThrow(/Only admins can change an Admin/);
    for (const role of MEMBER_ROLES) await expect(change(viewer.id, target.id, role)).rejects.toThrow(NotAllowedError);
    const group = await seedGroup(db.prisma, workspace.id, "G");
    await expect(setGroupRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: editor.id, groupId: group.id, role: "ADMIN" })).rejects.toThrow(NotAllowedError);
    expect((await db.prisma.group.findUniqueOrThrow({ where: { id: group.id } })).grantsRole).toBeNull();
  });

  // The add an IdP sends for each assignment (one member, no If-Match) is one statement that also
  // carries the role CTEs. Prepared, it must run on PostgreSQL's cached generic plan: with the
  // members as `= ANY($n)` the generic plan was costed for 10 members, so every add was planned
  // again (~1 ms of PostgreSQL CPU each in the bench).
  it.runIf(testEngine === "postgres")("one-member adds to a group, with or without a role, run on a cached generic plan", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    const plain = await seedGroup(db.prisma, workspace.id, "Plain");
    const editors = await seedGroup(db.prisma, workspace.id, "Editors");
    await db.prisma.group.update({ where: { id: editors.id }, data: { grantsRole: "EDITOR" } });
    const members = [];
    for (let i = 0; i < 16; i++) members.push(await seedMember(db.prisma, workspace.id, { userName: `g${i}@${workspace.slug}.test`, status: "ACTIVE", role: "VIEWER" }));
    // Plan costs depend on the statistics: a directory of the bench's size (20,000 members, half
    // of them in one group) is what made PostgreSQL prefer custom plans; a handful of rows does not.
    await db.sql.$executeRaw(Prisma.sql`
      INSERT INTO "Member" ("workspaceId", "userName", "emails", "active", "status", "role", "source", "updatedAt")
      SELECT ${workspace.id}::uuid, 'bulk' || i || '@bulk.test', '[]'::jsonb, true, 'ACTIVE', 'VIEWER', 'SCIM', now()
      FROM generate_series(1, 20000) AS i`);
    const big = await seedGroup(db.prisma, workspace.id, "Big");
    await db.sql.$executeRaw(Prisma.sql`
      INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
      SELECT ${big.id}::uuid, m."id", m."workspaceId" FROM "Member" m WHERE m."workspaceId" = ${workspace.id}::uuid AND m."userName" LIKE 'bulk%' LIMIT 10000`);
    await db.sql.$executeRaw(Prisma.sql`ANALYZE "Member", "GroupMembership", "Group"`);
    const { openPostgres } = await import("@/lib/db/engines");
    const single = openPostgres((db as Database & { url: string }).url, 1); // one session: pg_prepared_statements sees it all
    try {
      for (const [i, m] of members.entries()) {
        const groupId = i % 2 === 0 ? plain.id : editors.id;
        expect(await changeGroupMembers(single.sql, door, { workspaceId: workspace.id, groupId, add: [{ value: m.id }], remove: [] })).toMatchObject({ added: 1 });
      }
      const statements = await single.sql.$queryRaw<{ generic_plans: number; custom_plans: number }[]>(Prisma.sql`
        SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement LIKE '%UPDATE "Group" SET "version" = "version" + 1%'`);
      expect(statements).toHaveLength(1);
      expect(statements[0].generic_plans).toBeGreaterThan(0);
      expect(statements[0].custom_plans).toBeLessThanOrEqual(5);
    } finally {
      await single.close();
    }
    expect(await roleOf(members[1].id)).toBe("EDITOR");
    expect(await roleOf(members[0].id)).toBe("VIEWER");
  });
});
