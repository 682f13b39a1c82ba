// Seeds a small directory on an in-memory PGlite (the same SQL runs on PostgreSQL in `npm run bench`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPglite, type Database } from "@/lib/db/engines";
import { authenticateApiToken } from "@/lib/tokens";
import { verifyPassword } from "@/lib/auth/password";
import { memberId, memberUserName } from "./ids";
import { createBenchToken, seedDirectory, sqlRunnerFor, type SeededDirectory } from "./seed";

describe("seedDirectory (pglite)", () => {
  let db: Database;
  let directory: SeededDirectory;
  beforeAll(async () => {
    db = await openPglite();
    await db.migrate();
    ({ directory } = await seedDirectory(sqlRunnerFor(db), { label: "s", members: 200, adminPassword: "bench-password-1", extraGroups: 3, otherWorkspaceMembers: 5 }));
  });
  afterAll(async () => db?.close());

  it("creates the members with ids the scenarios can compute", async () => {
    expect(await db.prisma.member.count({ where: { workspaceId: directory.workspaceId } })).toBe(201);
    const m = await db.prisma.member.findUnique({ where: { id: memberId("s", 137) } });
    expect(m).toMatchObject({ userName: memberUserName(137), workspaceId: directory.workspaceId, status: "ACTIVE", source: "SCIM" });
    expect(m?.emails).toEqual([{ value: memberUserName(137), type: "work", primary: true }]);
    expect(await db.prisma.member.count({ where: { workspaceId: directory.workspaceId, status: "INVITED" } })).toBe(20);
  });

  it("orders members by creation like their numbers", async () => {
    const first = await db.prisma.member.findMany({ where: { workspaceId: directory.workspaceId }, orderBy: { createdAt: "asc" }, take: 3 });
    expect(first.map((m) => m.userName)).toEqual(["admin@bench.example", "user1@bench.example", "user2@bench.example"]);
  });

  it("builds the big, role-granting and small groups from members 1..k", async () => {
    expect(await db.prisma.groupMembership.count({ where: { groupId: directory.bigGroupId } })).toBe(100);
    expect(await db.prisma.groupMembership.count({ where: { groupId: directory.roleGroupId } })).toBe(100);
    expect(await db.prisma.group.findUniqueOrThrow({ where: { id: directory.roleGroupId } })).toMatchObject({ grantsRole: "EDITOR" });
    // Its members' effective role is what the recompute would give them.
    expect(await db.prisma.member.count({ where: { workspaceId: directory.workspaceId, role: "EDITOR" } })).toBe(100);
    const small = await db.prisma.groupMembership.findMany({ where: { groupId: directory.smallGroupId }, select: { memberId: true } });
    expect(new Set(small.map((s) => s.memberId))).toEqual(new Set(Array.from({ length: 10 }, (_, i) => memberId("s", i + 1))));
    expect(await db.prisma.group.count({ where: { workspaceId: directory.workspaceId } })).toBe(6);
  });

  it("gives every seeded member the invitation and sent email SCIM would have made (open while INVITED)", async () => {
    const invitations = await db.prisma.invitation.findMany({ where: { workspaceId: directory.workspaceId }, include: { member: true, emails: true } });
    expect(invitations).toHaveLength(200);
    for (const invitation of invitations) {
      expect(invitation.acceptedAt === null).toBe(invitation.member.status === "INVITED");
      expect(invitation.emails).toMatchObject([{ status: "SENT", kind: "invitation", toAddress: invitation.member.userName }]);
    }
    expect(await db.prisma.emailOutbox.count({ where: { status: { not: "SENT" } } })).toBe(0);
  });

  it("makes an admin who can sign in and a working API token", async () => {
    const admin = await db.prisma.member.findUnique({ where: { id: directory.admin.id } });
    expect(admin).toMatchObject({ role: "ADMIN", status: "ACTIVE" });
    expect(await verifyPassword(admin?.passwordHash, "bench-password-1")).toBe(true);
    const secret = await createBenchToken(db, directory.workspaceId);
    expect(await authenticateApiToken(db.prisma, secret)).toMatchObject({ ok: true, token: { workspaceId: directory.workspaceId } });
  });
});
