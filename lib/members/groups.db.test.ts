import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { listGroups } from "./list-groups";
import { getGroupDetail } from "./get-group";
import { getMemberDetail } from "./get-member";
import { seedGroup, seedMember, seedWorkspace } from "./testing";

describe(`groups and member detail (${testEngine})`, () => {
  let db: Database;
  let ws: string;
  let adminId: string;
  const m: Record<string, string> = {};
  const g: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    const seeded = await seedWorkspace(p, "Groups");
    ws = seeded.workspace.id;
    adminId = seeded.admin.id;
    for (let i = 0; i < 5; i++) m[`active${i}`] = (await seedMember(p, ws, { userName: `a${i}@x.test`, displayName: `Active ${i}`, status: "ACTIVE" })).id;
    for (let i = 0; i < 3; i++) m[`invited${i}`] = (await seedMember(p, ws, { userName: `i${i}@x.test`, displayName: `Invited ${i}`, status: "INVITED", source: "SCIM" })).id;
    m.disabled = (await seedMember(p, ws, { userName: "d@x.test", status: "DISABLED" })).id;
    g.eng = (await seedGroup(p, ws, "Engineering", [m.active0, m.active1, m.active2, m.active3, m.active4, m.invited0, m.invited1, m.disabled])).id;
    g.pendingOnly = (await seedGroup(p, ws, "New hires", [m.invited0, m.invited1, m.invited2])).id;
    g.empty = (await seedGroup(p, ws, "alpha (empty)")).id;
    // Seeded as the mapping column only (no role recompute): the list reads the column.
    await p.group.update({ where: { id: g.eng }, data: { grantsRole: "EDITOR" } });
    const other = await seedWorkspace(p, "Other");
    await seedGroup(p, other.workspace.id, "Engineering");
    await p.auditEvent.createMany({
      data: [
        { workspaceId: ws, actorKind: "TOKEN", actorId: "tok", actorLabel: "okta", action: "member.created", targetType: "Member", targetId: m.invited0, targetLabel: "i0@x.test" },
        { workspaceId: ws, actorKind: "TOKEN", actorId: "tok", actorLabel: "okta", action: "member.updated", targetType: "Member", targetId: m.invited0, targetLabel: "i0@x.test", createdAt: new Date(Date.now() + 1000) },
        { workspaceId: ws, actorKind: "TOKEN", actorId: "tok", actorLabel: "okta", action: "member.created", targetType: "Member", targetId: m.invited1, targetLabel: "i1@x.test" },
      ],
    });
  });
  afterAll(async () => db?.close());

  it("lists every group of the workspace once, by name, with active / pending (invited) / disabled counts", async () => {
    const list = await listGroups(db.prisma, { workspaceId: ws });
    expect(list.total).toBe(3);
    expect(list.rows.map((r) => r.displayName)).toEqual(["alpha (empty)", "Engineering", "New hires"]);
    const byName = Object.fromEntries(list.rows.map((r) => [r.displayName, r]));
    expect(byName.Engineering).toMatchObject({ activeCount: 5, pendingCount: 2, disabledCount: 1, source: "SCIM", grantsRole: "EDITOR" });
    expect(byName["New hires"].grantsRole).toBeNull();
    expect(byName["New hires"]).toMatchObject({ activeCount: 0, pendingCount: 3, disabledCount: 0 });
    expect(byName["alpha (empty)"]).toMatchObject({ activeCount: 0, pendingCount: 0, disabledCount: 0 });
    expect(byName.Engineering.lastChangedAt).toBeInstanceOf(Date);
  });

  it("searches group names by prefix and paginates", async () => {
    expect((await listGroups(db.prisma, { workspaceId: ws, q: "ENG" })).rows.map((r) => r.id)).toEqual([g.eng]);
    const page2 = await listGroups(db.prisma, { workspaceId: ws, pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ page: 2, pageCount: 2, total: 3 });
    expect(page2.rows.map((r) => r.id)).toEqual([g.pendingOnly]);
  });

  it("group detail lists ACTIVE members only, paginated, and says how many are pending", async () => {
    const detail = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: g.eng, pageSize: 2 });
    expect(detail).toMatchObject({ activeCount: 5, pendingCount: 2, disabledCount: 1, pageCount: 3, page: 1 });
    expect(detail!.members.map((x) => x.name)).toEqual(["Active 0", "Active 1"]);
    const last = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: g.eng, pageSize: 2, page: 3 });
    expect(last!.members.map((x) => x.id)).toEqual([m.active4]);
    const pending = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: g.pendingOnly });
    expect(pending).toMatchObject({ members: [], activeCount: 0, pendingCount: 3 });
  });

  it("an invited member appears in the group once they activate", async () => {
    const before = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: g.pendingOnly });
    expect(before!.members).toHaveLength(0);
    await db.prisma.member.update({ where: { id: m.invited2 }, data: { status: "ACTIVE", activatedAt: new Date() } });
    const after = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: g.pendingOnly });
    expect(after!.members.map((x) => x.id)).toEqual([m.invited2]);
    expect(after!.pendingCount).toBe(2);
    await db.prisma.member.update({ where: { id: m.invited2 }, data: { status: "INVITED", activatedAt: null } });
  });

  it("does not show another workspace's group", async () => {
    const other = await db.prisma.group.findFirstOrThrow({ where: { displayName: "Engineering", workspaceId: { not: ws } } });
    expect(await getGroupDetail(db.prisma, { workspaceId: ws, groupId: other.id })).toBeNull();
  });

  it("member detail: groups are pending while INVITED, recent activity newest first, no password hash", async () => {
    const detail = await getMemberDetail(db.prisma, { workspaceId: ws, memberId: m.invited0 });
    expect(detail!.groups.map((x) => [x.displayName, x.pending])).toEqual([["Engineering", true], ["New hires", true]]);
    expect(detail!.groupCount).toBe(2);
    expect(detail!.activity.map((e) => e.action)).toEqual(["member.updated", "member.created"]);
    expect(detail!.member).not.toHaveProperty("passwordHash");
    const active = await getMemberDetail(db.prisma, { workspaceId: ws, memberId: m.active0 });
    expect(active!.groups.map((x) => x.pending)).toEqual([false]);
    expect(active!.isLastActiveAdmin).toBe(false);
    const admin = await getMemberDetail(db.prisma, { workspaceId: ws, memberId: adminId });
    expect(admin!.isLastActiveAdmin).toBe(true);
    expect(await getMemberDetail(db.prisma, { workspaceId: "00000000-0000-0000-0000-000000000000", memberId: m.active0 })).toBeNull();
  });
});
