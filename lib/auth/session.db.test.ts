import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setDatabaseForProcess, type Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createWorkspace } from "@/lib/workspaces";
import { resolveSessionMember } from "./current-member";
import { actorFor, getCurrentMember, NotAllowedError, requireAdmin, requireAdminForAction, requireMember } from "./session";
import { addMember, runWithSession, uniqueSuffix } from "./testing";

/** next/navigation's redirect() throws an error whose digest carries the target. */
async function redirectTarget(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2];
  }
}

describe(`session re-check (${testEngine})`, () => {
  let db: Database;
  let ws: { id: string; slug: string };

  beforeAll(async () => {
    db = await openTestDatabase();
    setDatabaseForProcess(db);
    ws = (await createWorkspace(db.prisma, { name: "Session Co", adminEmail: "admin@session.test", adminPassword: "correct horse battery" })).workspace;
  });
  afterAll(async () => {
    setDatabaseForProcess(undefined);
    await db?.close();
  });

  const member = (overrides: Parameters<typeof addMember>[1] extends infer T ? Partial<T> : never = {}) =>
    addMember(db.prisma, { workspaceId: ws.id, email: `m-${uniqueSuffix()}@x.test`, ...overrides });

  it("returns the member with workspace details for a valid session", async () => {
    const m = await member({ role: "EDITOR", displayName: "Edie" });
    const current = await runWithSession({ memberId: m.id, workspaceId: ws.id }, getCurrentMember);
    expect(current).toEqual({
      id: m.id,
      workspaceId: ws.id,
      workspaceSlug: ws.slug,
      workspaceName: "Session Co",
      userName: m.userName,
      displayName: "Edie",
      role: "EDITOR",
      status: "ACTIVE",
    });
    expect(actorFor(current!)).toEqual({ kind: "MEMBER", id: m.id, label: m.userName });
  });

  it("signs a member out on the next request once they are DISABLED", async () => {
    const m = await member();
    const claims = { memberId: m.id, workspaceId: ws.id };
    expect(await runWithSession(claims, getCurrentMember)).not.toBeNull();
    await db.prisma.member.update({ where: { id: m.id }, data: { status: "DISABLED", active: false } });
    expect(await runWithSession(claims, getCurrentMember)).toBeNull();
    expect(await redirectTarget(() => runWithSession(claims, requireMember))).toBe(`/session-ended?reason=disabled&workspace=${ws.slug}`);
    await expect(runWithSession(claims, requireAdminForAction)).rejects.toMatchObject({ name: "NotAllowedError", reason: "disabled" });
  });

  it("signs a member out once they are deleted", async () => {
    const m = await member();
    const claims = { memberId: m.id, workspaceId: ws.id };
    await db.prisma.member.delete({ where: { id: m.id } });
    expect(await runWithSession(claims, getCurrentMember)).toBeNull();
    expect(await redirectTarget(() => runWithSession(claims, requireMember))).toBe("/session-ended?reason=signed-out");
  });

  it("rejects claims whose workspace does not match the member's", async () => {
    const m = await member();
    const other = (await createWorkspace(db.prisma, { name: `Else ${uniqueSuffix()}`, adminEmail: "a@else.test", adminPassword: "correct horse battery" })).workspace;
    expect(await resolveSessionMember(db.prisma, { memberId: m.id, workspaceId: other.id })).toMatchObject({ member: null, reason: "signed-out" });
  });

  it("with no session: null, a redirect to sign in, and NotAllowedError for actions", async () => {
    expect(await runWithSession(null, getCurrentMember)).toBeNull();
    expect(await redirectTarget(() => runWithSession(null, requireMember))).toBe("/sign-in?reason=signed-out");
    expect(await redirectTarget(() => runWithSession(null, requireAdmin))).toBe("/sign-in?reason=signed-out");
    const error = await runWithSession(null, requireAdminForAction).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect((error as NotAllowedError).reason).toBe("signed-out");
  });

  it("lets admins through requireAdmin / requireAdminForAction and keeps everyone else out", async () => {
    const admin = await member({ role: "ADMIN" });
    const viewer = await member({ role: "VIEWER" });
    const asAdmin = { memberId: admin.id, workspaceId: ws.id };
    const asViewer = { memberId: viewer.id, workspaceId: ws.id };
    expect((await runWithSession(asAdmin, requireAdmin)).id).toBe(admin.id);
    expect((await runWithSession(asAdmin, requireAdminForAction)).id).toBe(admin.id);
    expect(await redirectTarget(() => runWithSession(asViewer, requireAdmin))).toBe("/not-allowed?need=settings.manage");
    await expect(runWithSession(asViewer, requireAdminForAction)).rejects.toMatchObject({ reason: "not-permitted" });
    expect((await runWithSession(asViewer, requireMember)).id).toBe(viewer.id);
  });

  it("sees a role change on the very next call (no stale JWT role)", async () => {
    const m = await member({ role: "ADMIN" });
    const claims = { memberId: m.id, workspaceId: ws.id };
    expect((await runWithSession(claims, requireAdminForAction)).role).toBe("ADMIN");
    await db.prisma.member.update({ where: { id: m.id }, data: { role: "VIEWER" } });
    await expect(runWithSession(claims, requireAdminForAction)).rejects.toBeInstanceOf(NotAllowedError);
  });
});
