// SCIM roles count (issue 19): replays of Microsoft Entra ID app-role assignment (add, replace,
// remove `roles`, in POST/PUT and in PATCH with `roles[primary eq "True"].value`), an Okta group
// push granting Admin through a group mapped to Admin, a group delete taking it away, and the
// last-admin refusal an IdP admin can act on — all through the real route handler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { setGroupRole } from "@/lib/lifecycle";
import { closeScimTestDatabase, createTestWorkspace, createTestWorkspaceWithAdmin, GROUP_SCHEMA, newUser, openScimTestDatabase, patchOp, type TestWorkspaceWithAdmin } from "./test-support";

const ENTRA_ROLE = "WindowsAzureActiveDirectoryRole";

describe(`SCIM roles grant Roster roles (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspaceWithAdmin;
  let adminId: string;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspaceWithAdmin(db);
    adminId = ws.admin.id;
  });
  afterAll(() => closeScimTestDatabase(db));

  const member = (id: string) => db.prisma.member.findUniqueOrThrow({ where: { id } });
  const roleEvents = (id: string) => db.prisma.auditEvent.findMany({ where: { targetId: id, action: "member.role_changed" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

  it("Entra app-role assignment: POST with a role, PATCH replace by roles[primary eq \"True\"].value, remove", async () => {
    const created = await ws.client.post("/Users", newUser({ roles: [{ primary: true, type: ENTRA_ROLE, value: "Editor", display: "Editor" }] }));
    expect(created.status).toBe(201);
    expect(created.body.roles).toEqual([{ primary: true, type: ENTRA_ROLE, value: "Editor", display: "Editor" }]);
    const id = created.body.id as string;
    expect(await member(id)).toMatchObject({ role: "EDITOR", scimRole: "EDITOR", manualRole: "VIEWER" });

    // Entra's single-role replace (quoted boolean in the value path).
    const replaced = await ws.client.patch(`/Users/${id}`, patchOp({ op: "Replace", path: 'roles[primary eq "True"].value', value: "Admin" }));
    expect(replaced.status).toBe(200);
    expect(replaced.body.roles).toEqual([{ primary: true, type: ENTRA_ROLE, value: "Admin", display: "Editor" }]);
    expect(await member(id)).toMatchObject({ role: "ADMIN", scimRole: "ADMIN" });
    expect(replaced.headers.get("etag")).toBe(`W/"${(await member(id)).version}"`);

    // A value that names no role is kept and returned, and grants nothing.
    const other = await ws.client.patch(`/Users/${id}`, patchOp({ op: "Replace", path: 'roles[primary eq "True"].value', value: "Student" }));
    expect(other.body.roles[0].value).toBe("Student");
    expect(await member(id)).toMatchObject({ role: "VIEWER", scimRole: null });

    // Add (as Entra adds an app role), then remove the whole attribute.
    await ws.client.patch(`/Users/${id}`, patchOp({ op: "Add", path: "roles", value: [{ primary: false, type: ENTRA_ROLE, value: "admin" }] }));
    expect(await member(id)).toMatchObject({ role: "ADMIN" });
    const removed = await ws.client.patch(`/Users/${id}`, patchOp({ op: "Remove", path: "roles" }));
    expect(removed.status).toBe(200);
    expect(await member(id)).toMatchObject({ role: "VIEWER", scimRole: null });

    const events = await roleEvents(id);
    expect(events.map((e) => e.details)).toEqual([
      expect.objectContaining({ from: "EDITOR", to: "ADMIN", cause: { kind: "scim", requestId: expect.any(String) } }),
      expect.objectContaining({ from: "ADMIN", to: "VIEWER" }),
      expect.objectContaining({ from: "VIEWER", to: "ADMIN" }),
      expect.objectContaining({ from: "ADMIN", to: "VIEWER", sessionsEnded: true }),
    ]);
    expect(events.every((e) => e.actorKind === "TOKEN" && e.requestId)).toBe(true);
  });

  it("PUT with roles sets them; roles.value filters like other multi-valued attributes", async () => {
    const body = newUser({ roles: [{ value: "guest" }] });
    const { id } = (await ws.client.post("/Users", body)).body;
    expect(await member(id)).toMatchObject({ role: "VIEWER", scimRole: "GUEST" });
    const put = await ws.client.put(`/Users/${id}`, { ...body, roles: [{ value: "EDITOR", primary: true }] });
    expect(put.status).toBe(200);
    expect(await member(id)).toMatchObject({ role: "EDITOR", scimRole: "EDITOR" });
    const found = await ws.client.get(`/Users?filter=${encodeURIComponent('roles.value eq "editor"')}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toContain(id);
    const primary = await ws.client.get(`/Users?filter=${encodeURIComponent('roles[value eq "EDITOR" and primary eq true]')}`);
    expect(primary.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
  });

  it("/Schemas describes roles and says which values grant a role", async () => {
    const schema = (await ws.client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")).body;
    const roles = schema.attributes.find((a: { name: string }) => a.name === "roles");
    expect(roles).toMatchObject({ type: "complex", multiValued: true });
    expect(roles.description).toMatch(/admin, editor, viewer or guest/);
    expect(roles.subAttributes.map((a: { name: string }) => a.name)).toEqual(["value", "display", "type", "primary"]);
  });

  it("Okta group push: a group mapped to Admin grants it to the members pushed in, a removal and a group delete take it away", async () => {
    const a = (await ws.client.post("/Users", newUser())).body.id as string;
    const b = (await ws.client.post("/Users", newUser())).body.id as string;
    const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `Roster Admins ${ws.slug}`, members: [{ value: a }] });
    expect(group.status).toBe(201);
    const groupId = group.body.id as string;
    await setGroupRole(db.sqlTransaction, { workspaceId: ws.id, actorId: adminId, groupId, role: "ADMIN" });
    expect(await member(a)).toMatchObject({ role: "ADMIN" });

    // Okta pushes membership with a members-only PATCH (the one-statement path elsewhere).
    const push = await ws.client.patch(`/Groups/${groupId}`, patchOp({ op: "add", path: "members", value: [{ value: b }] }));
    expect(push.status).toBe(204);
    expect(await member(b)).toMatchObject({ role: "ADMIN" });
    expect((await roleEvents(b))[0].details).toMatchObject({ from: "VIEWER", to: "ADMIN", cause: { kind: "group", groupId, change: "members" } });

    const removal = await ws.client.patch(`/Groups/${groupId}`, patchOp({ op: "remove", path: `members[value eq "${b}"]` }));
    expect(removal.status).toBe(204);
    expect(await member(b)).toMatchObject({ role: "VIEWER" });

    // PUT replacing the member list: a leaves, b joins.
    const put = await ws.client.put(`/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], displayName: `Roster Admins ${ws.slug}`, members: [{ value: b }] });
    expect(put.status).toBe(200);
    expect(await member(a)).toMatchObject({ role: "VIEWER" });
    expect(await member(b)).toMatchObject({ role: "ADMIN" });

    expect((await ws.client.delete(`/Groups/${groupId}`)).status).toBe(204);
    expect(await member(b)).toMatchObject({ role: "VIEWER" });
    expect((await roleEvents(b)).at(-1)?.details).toMatchObject({ from: "ADMIN", to: "VIEWER", cause: { kind: "group", change: "deleted" } });
  });

  it("refuses (409, audited) a roles change that would leave no active admin, with a detail an IdP admin can act on", async () => {
    const solo = await createTestWorkspace(db);
    const { id } = (await solo.client.post("/Users", newUser({ roles: [{ value: "admin", primary: true }] }))).body;
    await db.prisma.member.update({ where: { id }, data: { status: "ACTIVE", activatedAt: new Date() } });
    expect(await member(id)).toMatchObject({ role: "ADMIN" });
    const refused = await solo.client.patch(`/Users/${id}`, patchOp({ op: "Remove", path: 'roles[primary eq "True"]' }));
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/the roles sent by provisioning would take the Admin role away from .*last active admin/i);
    expect(refused.body.detail).toMatch(/assign another person the Admin role/);
    expect(await member(id)).toMatchObject({ role: "ADMIN", scimRole: "ADMIN" });
    const failure = await db.prisma.auditEvent.findFirst({ where: { workspaceId: solo.id, outcome: "FAILURE" }, orderBy: { createdAt: "desc" } });
    expect(failure).toMatchObject({ targetId: id, details: expect.objectContaining({ status: 409 }) });
  });
});
