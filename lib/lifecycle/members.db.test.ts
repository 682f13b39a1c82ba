import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { statusForActive } from "@/lib/directory/status";
import { seedMember, seedWorkspace } from "@/lib/members/testing";
import { CannotDeactivateSelfError, LastAdminError, MemberNotFoundError, NotAllowedError } from "./errors";
import { changeMemberRole, setMemberActive } from "./members";

describe(`member transitions, admin door (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  const events = (workspaceId: string, action: string) => db.prisma.auditEvent.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } });

  describe("changeMemberRole", () => {
    it("changes the role, bumps the version and records who did it", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      const m = await seedMember(db.prisma, workspace.id, { userName: "e@x.test", status: "ACTIVE" });
      const result = await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, role: "EDITOR" });
      expect(result).toEqual({ changed: true, from: "VIEWER", to: "EDITOR" });
      const after = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
      expect(after.role).toBe("EDITOR");
      expect(after.version).toBe(m.version + 1);
      const [event] = await events(workspace.id, "member.role_changed");
      expect(event).toMatchObject({ actorKind: "MEMBER", actorId: admin.id, targetId: m.id, targetLabel: "e@x.test", details: { from: "VIEWER", to: "EDITOR" } });
    });

    it("is a no-op (no audit event) when the role is unchanged", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      const m = await seedMember(db.prisma, workspace.id, { userName: "same@x.test", status: "ACTIVE", role: "GUEST" });
      expect(await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, role: "GUEST" })).toMatchObject({ changed: false });
      expect(await events(workspace.id, "member.role_changed")).toHaveLength(0);
    });

    it("refuses non-admins, disabled or demoted admins, and other workspaces' admins (NotAllowedError)", async () => {
      const { workspace } = await seedWorkspace(db.prisma);
      const target = await seedMember(db.prisma, workspace.id, { userName: "t@x.test", status: "ACTIVE" });
      const editor = await seedMember(db.prisma, workspace.id, { userName: "ed@x.test", status: "ACTIVE", role: "EDITOR" });
      const disabledAdmin = await seedMember(db.prisma, workspace.id, { userName: "da@x.test", status: "DISABLED", role: "ADMIN" });
      const invitedAdmin = await seedMember(db.prisma, workspace.id, { userName: "ia@x.test", status: "INVITED", role: "ADMIN" });
      const other = await seedWorkspace(db.prisma, "Elsewhere");
      for (const actorId of [editor.id, disabledAdmin.id, invitedAdmin.id, other.admin.id]) {
        await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId, memberId: target.id, role: "ADMIN" })).rejects.toBeInstanceOf(NotAllowedError);
      }
      expect((await db.prisma.member.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("VIEWER");
      expect(await events(workspace.id, "member.role_changed")).toHaveLength(0);
    });

    it("does not reach members of another workspace", async () => {
      const a = await seedWorkspace(db.prisma, "A");
      const b = await seedWorkspace(db.prisma, "B");
      const inB = await seedMember(db.prisma, b.workspace.id, { userName: "b@x.test", status: "ACTIVE" });
      await expect(changeMemberRole(db.sqlTransaction, { workspaceId: a.workspace.id, actorId: a.admin.id, memberId: inB.id, role: "ADMIN" })).rejects.toBeInstanceOf(MemberNotFoundError);
    });

    it("refuses to demote the last active admin (themselves); allows it once another admin exists", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      // An INVITED or DISABLED admin does not count: they cannot administer.
      await seedMember(db.prisma, workspace.id, { userName: "inv-admin@x.test", status: "INVITED", role: "ADMIN" });
      await seedMember(db.prisma, workspace.id, { userName: "dis-admin@x.test", status: "DISABLED", role: "ADMIN" });
      await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: admin.id, role: "EDITOR" })).rejects.toBeInstanceOf(LastAdminError);
      expect((await db.prisma.member.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
      const second = await seedMember(db.prisma, workspace.id, { userName: "second@x.test", status: "ACTIVE" });
      await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: second.id, role: "ADMIN" });
      await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: admin.id, role: "EDITOR" });
      // Now the former admin can no longer change roles at all.
      await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: admin.id, role: "ADMIN" })).rejects.toBeInstanceOf(NotAllowedError);
    });

    it("two admins demoting each other at the same moment: exactly one succeeds, one admin remains", async () => {
      for (let round = 0; round < 5; round++) {
        const { workspace, admin: a } = await seedWorkspace(db.prisma);
        const b = await seedMember(db.prisma, workspace.id, { userName: `b${round}@x.test`, status: "ACTIVE", role: "ADMIN" });
        const results = await Promise.allSettled([
          changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: a.id, memberId: b.id, role: "VIEWER" }),
          changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: b.id, memberId: a.id, role: "VIEWER" }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(NotAllowedError);
        expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, role: "ADMIN", status: "ACTIVE" } })).toBe(1);
      }
    });

    it("two admins both stepping down at the same moment: one is refused as the last admin", async () => {
      for (let round = 0; round < 5; round++) {
        const { workspace, admin: a } = await seedWorkspace(db.prisma);
        const b = await seedMember(db.prisma, workspace.id, { userName: `sd${round}@x.test`, status: "ACTIVE", role: "ADMIN" });
        const results = await Promise.allSettled([
          changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: a.id, memberId: a.id, role: "EDITOR" }),
          changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: b.id, memberId: b.id, role: "EDITOR" }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(LastAdminError);
        expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, role: "ADMIN", status: "ACTIVE" } })).toBe(1);
      }
    });
  });

  describe("deactivateMember / reactivateMember", () => {
    it("deactivating sets active=false and DISABLED (as statusForActive says) and is audited with the source", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      const m = await seedMember(db.prisma, workspace.id, { userName: "okta@x.test", status: "ACTIVE", source: "SCIM" });
      const result = await setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, active: false });
      expect(result).toEqual({ changed: true, status: statusForActive(false, m) });
      const after = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
      expect(after).toMatchObject({ active: false, status: "DISABLED", version: m.version + 1 });
      const [event] = await events(workspace.id, "member.deactivated");
      expect(event).toMatchObject({ actorId: admin.id, targetId: m.id, details: { from: "ACTIVE", to: "DISABLED", source: "SCIM" } });
      // Again: nothing to do, nothing logged.
      expect(await setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, active: false })).toEqual({ changed: false, status: "DISABLED" });
      expect(await events(workspace.id, "member.deactivated")).toHaveLength(1);
    });

    it("reactivating returns someone who has signed in to ACTIVE, and someone who never has to INVITED", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      const signedIn = await seedMember(db.prisma, workspace.id, { userName: "was-active@x.test", status: "ACTIVE" });
      const never = await seedMember(db.prisma, workspace.id, { userName: "never@x.test", status: "INVITED", source: "SCIM" });
      for (const m of [signedIn, never]) await setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: m.id, active: false });
      const r1 = await setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: signedIn.id, active: true });
      const r2 = await setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: never.id, active: true });
      expect(r1).toEqual({ changed: true, status: statusForActive(true, signedIn) });
      expect(r1.status).toBe("ACTIVE");
      expect(r2).toEqual({ changed: true, status: statusForActive(true, never) });
      expect(r2.status).toBe("INVITED");
      const rows = await db.prisma.member.findMany({ where: { id: { in: [signedIn.id, never.id] } } });
      expect(rows.every((r) => r.active)).toBe(true);
      expect(await events(workspace.id, "member.reactivated")).toHaveLength(2);
    });

    it("refuses self-deactivation and non-admin actors", async () => {
      const { workspace, admin } = await seedWorkspace(db.prisma);
      const viewer = await seedMember(db.prisma, workspace.id, { userName: "v@x.test", status: "ACTIVE" });
      await expect(setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: admin.id, memberId: admin.id, active: false })).rejects.toBeInstanceOf(CannotDeactivateSelfError);
      await expect(setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: viewer.id, memberId: admin.id, active: false })).rejects.toBeInstanceOf(NotAllowedError);
      await expect(setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: viewer.id, memberId: viewer.id, active: true })).rejects.toBeInstanceOf(NotAllowedError);
      expect((await db.prisma.member.findUniqueOrThrow({ where: { id: admin.id } })).status).toBe("ACTIVE");
    });

    it("two admins deactivating each other at the same moment: one wins, an active admin remains", async () => {
      for (let round = 0; round < 5; round++) {
        const { workspace, admin: a } = await seedWorkspace(db.prisma);
        const b = await seedMember(db.prisma, workspace.id, { userName: `dd${round}@x.test`, status: "ACTIVE", role: "ADMIN" });
        const results = await Promise.allSettled([
          setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: a.id, memberId: b.id, active: false }),
          setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: b.id, memberId: a.id, active: false }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(NotAllowedError);
        expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, role: "ADMIN", status: "ACTIVE" } })).toBe(1);
      }
    });

    it("refuses to deactivate the last active admin even when the actor check passes (LastAdminError)", async () => {
      // The actor is an active admin, so the target can only be the last one if actor == target,
      // which the self-check catches first; exercise the guard with a demoted-in-between race:
      // admin A deactivates B while B (concurrently) demotes A → whichever runs second is refused.
      const { workspace, admin: a } = await seedWorkspace(db.prisma);
      const b = await seedMember(db.prisma, workspace.id, { userName: "race@x.test", status: "ACTIVE", role: "ADMIN" });
      await changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: b.id, memberId: a.id, role: "VIEWER" });
      await expect(setMemberActive(db.sqlTransaction, { workspaceId: workspace.id, actorId: a.id, memberId: b.id, active: false })).rejects.toBeInstanceOf(NotAllowedError);
      await expect(changeMemberRole(db.sqlTransaction, { workspaceId: workspace.id, actorId: b.id, memberId: b.id, role: "VIEWER" })).rejects.toBeInstanceOf(LastAdminError);
      expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, role: "ADMIN", status: "ACTIVE" } })).toBe(1);
    });
  });
});
