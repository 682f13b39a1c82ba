// Revocable sessions: a session carries the member's session generation from sign-in, and every
// request compares it with the database. Each way a session must end bumps the generation —
// through whichever door the change came — and an older session (a copied cookie) is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { changeMemberRole, endSessions, setMemberActive } from "@/lib/lifecycle";
import { seedMember } from "@/lib/members/testing";
import { closeScimTestDatabase, createTestWorkspaceWithAdmin, newUser, openScimTestDatabase, patchOp, type TestWorkspaceWithAdmin } from "@/lib/scim-http/test-support";
import { hashPassword } from "./password";
import { resolveSessionMember, type SessionClaims } from "./current-member";
import { signInWithPassword } from "./sign-in";

const PASSWORD = "correct horse battery staple";

describe(`revocable sessions (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspaceWithAdmin;
  let adminId: string;

  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspaceWithAdmin(db);
    adminId = ws.admin.id;
  });
  afterAll(() => closeScimTestDatabase(db));

  /** A member who can sign in with PASSWORD, and the claims a fresh sign-in would put in the cookie. */
  async function signedIn(role: "ADMIN" | "VIEWER" = "VIEWER"): Promise<{ id: string; userName: string; claims: SessionClaims }> {
    const userName = `m-${Math.random().toString(36).slice(2)}@${ws.slug}.test`;
    const m = await seedMember(db.prisma, ws.id, { userName, role, status: "ACTIVE" });
    await db.prisma.member.update({ where: { id: m.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    return { id: m.id, userName, claims: await signIn(userName) };
  }
  async function signIn(userName: string): Promise<SessionClaims> {
    const result = await signInWithPassword(db, { workspaceSlug: ws.slug, email: userName, password: PASSWORD });
    if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
    return { memberId: result.member.id, workspaceId: ws.id, sessionGeneration: result.member.sessionGeneration };
  }
  const accepted = async (claims: SessionClaims) => (await resolveSessionMember(db.prisma, claims)).member !== null;

  it("a session holds until its generation is bumped; sessions from before generations existed count as 0", async () => {
    const m = await signedIn();
    expect(m.claims.sessionGeneration).toBe(0);
    expect(await accepted(m.claims)).toBe(true);
    expect(await accepted({ memberId: m.id, workspaceId: ws.id })).toBe(true);
    expect(await accepted({ ...m.claims, sessionGeneration: 1 })).toBe(false);
  });

  it("signing out (or out everywhere) ends every earlier session; signing in again gives a working one", async () => {
    const m = await signedIn();
    const copied = { ...m.claims };
    const door = { kind: "sign-in" as const, actor: { kind: "MEMBER" as const, id: m.id, label: m.userName } };
    expect(await endSessions(db.sqlTransaction, door, { workspaceId: ws.id, memberId: m.id, reason: "sign-out" })).toBe(true);
    expect(await accepted(copied)).toBe(false);
    const again = await signIn(m.userName);
    expect(again.sessionGeneration).toBe(1);
    expect(await accepted(again)).toBe(true);
    await endSessions(db.sqlTransaction, door, { workspaceId: ws.id, memberId: m.id, reason: "sign-out-everywhere" });
    expect(await accepted(again)).toBe(false);
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: m.id, action: { in: ["member.signed_out", "member.sessions_ended"] } } });
    expect(events.map((e) => e.action).sort()).toEqual(["member.sessions_ended", "member.signed_out"]);
  });

  it("deactivation by an admin ends the session, and re-enabling does not bring the old cookie back", async () => {
    const m = await signedIn();
    await setMemberActive(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, memberId: m.id, active: false });
    await setMemberActive(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, memberId: m.id, active: true });
    expect(await accepted(m.claims)).toBe(false);
    expect(await accepted(await signIn(m.userName))).toBe(true);
  });

  it("deactivation and a new password by SCIM end the session too", async () => {
    const created = await ws.client.post("/Users", newUser());
    const id = created.body.id as string;
    await db.prisma.member.update({ where: { id }, data: { passwordHash: await hashPassword(PASSWORD) } });
    const first = await signIn(created.body.userName);
    expect((await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "password", value: "a brand new password 42" }))).status).toBe(200);
    expect(await accepted(first)).toBe(false);
    const passwordChanged = await db.prisma.member.findUniqueOrThrow({ where: { id } });
    const second: SessionClaims = { memberId: id, workspaceId: ws.id, sessionGeneration: passwordChanged.sessionGeneration };
    expect(await accepted(second)).toBe(true);
    expect((await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect((await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: true }))).status).toBe(200);
    expect(await accepted(second)).toBe(false);
  });

  it("losing the Admin role ends the session; other role changes and profile edits do not", async () => {
    const demoted = await signedIn("ADMIN");
    await changeMemberRole(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, memberId: demoted.id, role: "EDITOR" });
    expect(await accepted(demoted.claims)).toBe(false);

    const promoted = await signedIn("VIEWER");
    await changeMemberRole(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, memberId: promoted.id, role: "ADMIN" });
    await changeMemberRole(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, memberId: promoted.id, role: "ADMIN" });
    expect(await accepted(promoted.claims)).toBe(true);
  });
});
