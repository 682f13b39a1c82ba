// A SCIM token must not take over web accounts it did not create: the password and userName of a
// member created in Roster by hand change over SCIM only when the workspace allows it (Settings ›
// SCIM), and every password sent over SCIM meets the same policy as one chosen in Roster.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { hashPassword } from "@/lib/auth/password";
import { seedMember } from "@/lib/members/testing";
import { setScimManagesManualMembers } from "@/lib/workspaces/scim-settings";
import { closeScimTestDatabase, createTestWorkspaceWithAdmin, newUser, openScimTestDatabase, patchOp, type TestWorkspaceWithAdmin } from "./test-support";

const PASSWORD = "the admin's own password";
const TAKEOVER = "a password the IdP chose 1";

describe(`SCIM and the credentials of members created by hand (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspaceWithAdmin;
  let admin: { id: string; userName: string };

  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspaceWithAdmin(db);
    admin = ws.admin;
    await db.prisma.member.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  });
  afterAll(() => closeScimTestDatabase(db));

  const signIn = (password: string, email = admin.userName) => signInWithPassword(db, { workspaceSlug: ws.slug, email, password });

  it("refuses a password or userName change for a manual member (400 mutability), changes nothing, and records the refusal", async () => {
    const before = await db.prisma.member.findUniqueOrThrow({ where: { id: admin.id } });
    const password = await ws.client.patch(`/Users/${admin.id}`, patchOp({ op: "replace", path: "password", value: TAKEOVER }));
    expect(password.status).toBe(400);
    expect(password.body).toMatchObject({ scimType: "mutability", detail: expect.stringContaining("password cannot be changed over SCIM") });
    const userName = await ws.client.patch(`/Users/${admin.id}`, patchOp({ op: "replace", path: "userName", value: `taken-over@${ws.slug}.test` }));
    expect(userName.status).toBe(400);
    expect(userName.body.detail).toContain("userName cannot be changed over SCIM");
    const put = await ws.client.put(`/Users/${admin.id}`, newUser({ userName: admin.userName, password: TAKEOVER }));
    expect(put.status).toBe(400);

    const after = await db.prisma.member.findUniqueOrThrow({ where: { id: admin.id } });
    expect(after).toMatchObject({ userName: before.userName, passwordHash: before.passwordHash, version: before.version, sessionGeneration: before.sessionGeneration });
    expect((await signIn(TAKEOVER)).ok).toBe(false);
    expect((await signIn(PASSWORD)).ok).toBe(true);
    const refusals = await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id, targetId: admin.id, outcome: "FAILURE", action: { startsWith: "scim.user." } } });
    expect(refusals.map((e) => (e.details as { status?: number }).status)).toEqual([400, 400, 400]);
  });

  it("still lets the IdP update a manual member's profile and deactivate them", async () => {
    const other = await seedMember(db.prisma, ws.id, { userName: `editor@${ws.slug}.test`, role: "EDITOR", status: "ACTIVE", source: "MANUAL" });
    expect((await ws.client.patch(`/Users/${other.id}`, patchOp({ op: "replace", path: "title", value: "Editor-in-chief" }))).status).toBe(200);
    expect((await ws.client.patch(`/Users/${other.id}`, patchOp({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ title: "Editor-in-chief", status: "DISABLED" });
  });

  it("allows both once an admin switches it on (audited), and refuses again once switched off", async () => {
    expect(await setScimManagesManualMembers(db.prisma, { workspaceId: ws.id, actorId: admin.id, enabled: true })).toEqual({ changed: true });
    const changed = await ws.client.patch(`/Users/${admin.id}`, patchOp({ op: "replace", path: "password", value: TAKEOVER }));
    expect(changed.status).toBe(200);
    expect((await signIn(TAKEOVER)).ok).toBe(true);
    expect(await setScimManagesManualMembers(db.prisma, { workspaceId: ws.id, actorId: admin.id, enabled: false })).toEqual({ changed: true });
    expect((await ws.client.patch(`/Users/${admin.id}`, patchOp({ op: "replace", path: "password", value: PASSWORD }))).status).toBe(400);
    const switches = await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id, action: { startsWith: "scim.manual_members" } }, orderBy: { createdAt: "asc" } });
    expect(switches.map((e) => e.action)).toEqual(["scim.manual_members_managed", "scim.manual_members_protected"]);
  });

  it("holds every SCIM password to the password policy (with the IdP's 8-character floor), on create and on change", async () => {
    const short = await ws.client.post("/Users", newUser({ password: "short" }));
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ scimType: "invalidValue", detail: "password: Use at least 8 characters." });
    // Okta's own spec test syncs an 8-character password: accepted (the IdP's floor).
    expect((await ws.client.post("/Users", newUser({ password: "1mz050nq" }))).status).toBe(201);
    const user = newUser();
    const sameAsEmail = await ws.client.post("/Users", { ...user, password: user.userName.toUpperCase() });
    expect(sameAsEmail.status).toBe(400);
    expect(sameAsEmail.body.detail).toBe("password: The password must not be your email address.");
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id, userName: user.userName } })).toBe(0);

    const created = await ws.client.post("/Users", newUser({ password: "a fine long password" }));
    expect(created.status).toBe(201);
    const weak = await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "password", value: "tiny" }));
    expect(weak.status).toBe(400);
    expect(weak.body.scimType).toBe("invalidValue");
  });
});
