// /Users through the real route handlers: create (with the invitation queued in the same
// transaction), uniqueness, read, replace, patch, delete, status rules, groups (read-only),
// round-tripping of enterprise and unknown attributes, passwords, projection on every response.
import { CANCELLED } from "@/lib/lifecycle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import {
  closeScimTestDatabase,
  createTestWorkspace,
  ENTERPRISE,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  newUser,
  openScimTestDatabase,
  patchOp,
  USER_SCHEMA,
  type TestWorkspace,
} from "./test-support";

describe(`SCIM /Users (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db, { tokenName: "okta-prod" });
  });
  afterAll(async () => closeScimTestDatabase(db));

  const member = (id: string) => db.prisma.member.findUniqueOrThrow({ where: { id } });

  describe("POST /Users", () => {
    it("creates an INVITED, SCIM-sourced, active member and answers 201 with Location, ETag and the full resource", async () => {
      const body = newUser({ displayName: "Ada Lovelace", externalId: "00u1", title: "Engineer" });
      const res = await ws.client.post("/Users", body);
      expect(res.status).toBe(201);
      expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
      expect(res.headers.get("location")).toBe(`http://roster.test/api/v2/scim/Users/${res.body.id}`);
      expect(res.headers.get("etag")).toBe('W/"1"');
      expect(res.body).toMatchObject({
        schemas: [USER_SCHEMA],
        userName: body.userName,
        externalId: "00u1",
        displayName: "Ada Lovelace",
        title: "Engineer",
        active: true,
        name: body.name,
        emails: body.emails,
        meta: { resourceType: "User", version: 'W/"1"', location: res.headers.get("location") },
      });
      const row = await member(res.body.id);
      expect(row).toMatchObject({ status: "INVITED", source: "SCIM", active: true, workspaceId: ws.id, version: 1 });
    });

    it("queues an invitation and its email in the same transaction (invitedBy = token name, to the primary email)", async () => {
      const body = newUser({
        userName: "login-name-not-an-email",
        emails: [
          { value: "second@example.com", type: "home" },
          { value: "primary@example.com", type: "work", primary: true },
        ],
      });
      const res = await ws.client.post("/Users", body);
      expect(res.status).toBe(201);
      const invitations = await db.prisma.invitation.findMany({ where: { memberId: res.body.id }, include: { emails: true } });
      expect(invitations).toHaveLength(1);
      expect(invitations[0]).toMatchObject({ workspaceId: ws.id, invitedBy: "okta-prod", acceptedAt: null, revokedAt: null });
      expect(invitations[0].emails).toHaveLength(1);
      expect(invitations[0].emails[0]).toMatchObject({ kind: "invitation", toAddress: "primary@example.com", status: "QUEUED", workspaceId: ws.id });
    });

    it("sends the invitation to the userName when there is no email", async () => {
      const res = await ws.client.post("/Users", { schemas: [USER_SCHEMA], userName: "only-username@example.com" });
      expect(res.status).toBe(201);
      const outbox = await db.prisma.emailOutbox.findMany({ where: { invitation: { memberId: res.body.id } } });
      expect(outbox.map((o) => o.toAddress)).toEqual(["only-username@example.com"]);
    });

    it("creates a member with active:false as DISABLED and queues no invitation", async () => {
      const res = await ws.client.post("/Users", newUser({ active: false }));
      expect(res.status).toBe(201);
      expect(res.body.active).toBe(false);
      expect((await member(res.body.id)).status).toBe("DISABLED");
      expect(await db.prisma.invitation.count({ where: { memberId: res.body.id } })).toBe(0);
      expect(await db.prisma.emailOutbox.count({ where: { payload: { path: ["memberId"], equals: res.body.id } } })).toBe(0);
    });

    it("rejects a userName taken in any case with 409 uniqueness, leaving no second member, invitation or outbox row", async () => {
      const body = newUser();
      expect((await ws.client.post("/Users", body)).status).toBe(201);
      const before = await Promise.all([db.prisma.member.count(), db.prisma.invitation.count(), db.prisma.emailOutbox.count()]);
      const res = await ws.client.post("/Users", { ...newUser(), userName: body.userName.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "409", scimType: "uniqueness" });
      expect(await Promise.all([db.prisma.member.count(), db.prisma.invitation.count(), db.prisma.emailOutbox.count()])).toEqual(before);
    });

    it("allows the same userName in another workspace", async () => {
      const other = await createTestWorkspace(db);
      const body = newUser();
      expect((await ws.client.post("/Users", body)).status).toBe(201);
      expect((await other.client.post("/Users", body)).status).toBe(201);
    });

    it("rejects a body without userName, or with a wrongly typed attribute, with 400 and writes nothing", async () => {
      const before = await db.prisma.member.count();
      const missing = await ws.client.post("/Users", { schemas: [USER_SCHEMA], name: { givenName: "x" } });
      expect(missing.status).toBe(400);
      expect(missing.body.scimType).toBe("invalidValue");
      const wrongType = await ws.client.post("/Users", newUser({ active: "maybe" }));
      expect(wrongType.status).toBe(400);
      expect(await db.prisma.member.count()).toBe(before);
    });

    it("hashes a password, never returns it, and keeps it out of the audit log", async () => {
      const res = await ws.client.post("/Users", newUser({ password: "correct horse battery staple" }));
      expect(res.status).toBe(201);
      expect(res.text).not.toContain("correct horse");
      expect(res.body.password).toBeUndefined();
      const row = await member(res.body.id);
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row.passwordHash, "correct horse battery staple")).toBe(true);
      const fetched = await ws.client.get(`/Users/${res.body.id}?attributes=password,userName`);
      expect(fetched.body.password).toBeUndefined();
      const events = await db.prisma.auditEvent.findMany({ where: { targetId: res.body.id } });
      expect(JSON.stringify(events)).not.toContain("correct horse");
      expect(JSON.stringify(events)).not.toContain(row.passwordHash);
    });

    it("audits the creation with the token as actor and the request id", async () => {
      const res = await ws.client.post("/Users", newUser(), { headers: { "x-request-id": "req-create-1" } });
      expect(res.headers.get("x-request-id")).toBe("req-create-1");
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: res.body.id, action: "scim.user.created" } });
      expect(event).toMatchObject({ actorKind: "TOKEN", actorLabel: "okta-prod", outcome: "SUCCESS", requestId: "req-create-1", targetType: "Member" });
    });
  });

  describe("GET /Users/{id}", () => {
    it("returns the resource with ETag; unknown and malformed ids are 404 'User not found'", async () => {
      const created = await ws.client.post("/Users", newUser());
      const res = await ws.client.get(`/Users/${created.body.id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('W/"1"');
      expect(res.body).toEqual(created.body);
      for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
        const missing = await ws.client.get(`/Users/${id}`);
        expect(missing.status).toBe(404);
        expect(missing.body).toEqual({ schemas: [ERROR_SCHEMA], status: "404", detail: "User not found" });
      }
    });

    it("applies attributes and excludedAttributes", async () => {
      const created = await ws.client.post("/Users", newUser({ displayName: "Shown" }));
      const only = await ws.client.get(`/Users/${created.body.id}?attributes=userName`);
      expect(Object.keys(only.body).sort()).toEqual(["id", "schemas", "userName"]);
      const without = await ws.client.get(`/Users/${created.body.id}?excludedAttributes=emails,name`);
      expect(without.body.emails).toBeUndefined();
      expect(without.body.name).toBeUndefined();
      expect(without.body.displayName).toBe("Shown");
    });
  });

  describe("PUT /Users/{id}", () => {
    it("replaces the resource: omitted attributes are cleared, version and ETag move", async () => {
      const created = await ws.client.post("/Users", newUser({ title: "Engineer", nickName: "Ada" }));
      const replacement = { ...newUser(), userName: created.body.userName, displayName: "Replaced" };
      const res = await ws.client.put(`/Users/${created.body.id}`, replacement);
      expect(res.status).toBe(200);
      expect(res.headers.get("etag")).toBe('W/"2"');
      expect(res.body).toMatchObject({ displayName: "Replaced", meta: { version: 'W/"2"' } });
      expect(res.body.title).toBeUndefined();
      expect(res.body.nickName).toBeUndefined();
      expect((await member(created.body.id)).title).toBeNull();
    });

    it("answers 404 'User not found' for an unknown id", async () => {
      const res = await ws.client.put("/Users/00000000-0000-4000-8000-000000000000", newUser());
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe("User not found");
    });

    it("answers 409 when the new userName is taken (any case) and changes nothing", async () => {
      const a = await ws.client.post("/Users", newUser());
      const b = await ws.client.post("/Users", newUser());
      const res = await ws.client.put(`/Users/${b.body.id}`, { ...newUser(), userName: a.body.userName.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body.scimType).toBe("uniqueness");
      expect((await member(b.body.id)).userName).toBe(b.body.userName);
      expect((await member(b.body.id)).version).toBe(1);
    });
  });

  describe("PATCH /Users/{id}", () => {
    it("deactivates with active:false (DISABLED) and reactivates to INVITED when never signed in, ACTIVE when signed in before", async () => {
      const created = await ws.client.post("/Users", newUser());
      const id = created.body.id;
      const off = await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", value: { active: false } }));
      expect(off.status).toBe(200);
      expect(off.body.active).toBe(false);
      expect((await member(id)).status).toBe("DISABLED");
      const on = await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: true }));
      expect(on.body.active).toBe(true);
      expect((await member(id)).status).toBe("INVITED");

      await db.prisma.member.update({ where: { id }, data: { activatedAt: new Date(), status: "ACTIVE" } });
      await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }));
      expect((await member(id)).status).toBe("DISABLED");
      await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: true }));
      expect((await member(id)).status).toBe("ACTIVE");
      const actions = (await db.prisma.auditEvent.findMany({ where: { targetId: id, action: { startsWith: "scim.user." } }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
      expect(actions).toEqual(["scim.user.created", "scim.user.deactivated", "scim.user.reactivated", "scim.user.deactivated", "scim.user.reactivated"]);
    });

    it("revokes the open invitation and cancels its unsent email on deactivation; reactivation sends no second invitation", async () => {
      const created = await ws.client.post("/Users", newUser());
      const id = created.body.id;
      const [invitation] = await db.prisma.invitation.findMany({ where: { memberId: id } });
      await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }));
      expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).not.toBeNull();
      expect(await db.prisma.emailOutbox.findMany({ where: { invitationId: invitation.id }, select: { status: true, lastError: true } })).toEqual([
        { status: "FAILED", lastError: CANCELLED.deprovisioned },
      ]);
      await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: true }));
      expect(await member(id)).toMatchObject({ status: "INVITED", active: true });
      expect(await db.prisma.invitation.count({ where: { memberId: id, revokedAt: null } })).toBe(0);
      expect(await db.prisma.emailOutbox.count({ where: { payload: { path: ["memberId"], equals: id }, status: { not: "FAILED" } } })).toBe(0);
    });

    it("audits the queued invitation next to the creation, in the same request", async () => {
      const created = await ws.client.post("/Users", newUser());
      const events = await db.prisma.auditEvent.findMany({ where: { targetId: created.body.id }, orderBy: { action: "desc" } });
      expect(events.map((e) => e.action)).toEqual(["scim.user.created", "invitation.queued"]);
      expect(events[1].requestId).toBe(events[0].requestId);
      expect(events[1].details).toMatchObject({ to: created.body.emails?.[0]?.value ?? created.body.userName });
    });

    it("cancels the unsent invitation email when the member is deleted (kept, unlinked, as history)", async () => {
      const created = await ws.client.post("/Users", newUser());
      const byMember = { payload: { path: ["memberId"], equals: created.body.id } };
      expect(await db.prisma.emailOutbox.count({ where: { ...byMember, status: "QUEUED" } })).toBe(1);
      await ws.client.delete(`/Users/${created.body.id}`);
      expect(await db.prisma.emailOutbox.count({ where: { ...byMember, status: "QUEUED" } })).toBe(0);
      expect(await db.prisma.emailOutbox.findMany({ where: byMember, select: { status: true, lastError: true, invitationId: true } })).toEqual([
        { status: "FAILED", lastError: CANCELLED.deprovisioned, invitationId: null },
      ]);
    });

    it("queues a new invitation when a member created disabled is enabled", async () => {
      const created = await ws.client.post("/Users", newUser({ active: false }));
      await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "active", value: true }));
      expect(await db.prisma.invitation.count({ where: { memberId: created.body.id } })).toBe(1);
      // …and only once: disabling and enabling again sends no second one.
      await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "active", value: false }));
      await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "active", value: true }));
      expect(await db.prisma.invitation.count({ where: { memberId: created.body.id } })).toBe(1);
    });

    it("keeps a status that `active` does not change (an ACTIVE member stays ACTIVE on a title change)", async () => {
      const created = await ws.client.post("/Users", newUser());
      await db.prisma.member.update({ where: { id: created.body.id }, data: { activatedAt: new Date(), status: "ACTIVE" } });
      await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "title", value: "CTO" }));
      expect(await member(created.body.id)).toMatchObject({ status: "ACTIVE", title: "CTO" });
    });

    it("rejects writes to the read-only groups attribute with 400 mutability", async () => {
      const created = await ws.client.post("/Users", newUser());
      const res = await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "add", path: "groups", value: [{ value: "x" }] }));
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe("mutability");
    });

    it("answers 404 for an unknown user and 400 invalidSyntax for a body that is not a PatchOp", async () => {
      expect((await ws.client.patch("/Users/00000000-0000-4000-8000-000000000000", patchOp({ op: "replace", path: "title", value: "x" }))).status).toBe(404);
      const created = await ws.client.post("/Users", newUser());
      const res = await ws.client.patch(`/Users/${created.body.id}`, { Operations: [{ op: "replace", path: "title", value: "x" }] });
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe("invalidSyntax");
    });

    it("changes the password by PATCH without echoing it", async () => {
      const created = await ws.client.post("/Users", newUser());
      const res = await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "password", value: "a brand new secret!" }));
      expect(res.status).toBe(200);
      expect(res.text).not.toContain("brand new");
      expect(await verifyPassword((await member(created.body.id)).passwordHash, "a brand new secret!")).toBe(true);
    });
  });

  describe("DELETE /Users/{id}", () => {
    it("answers 204, then every operation on the user is 404 and its memberships are gone", async () => {
      const user = await ws.client.post("/Users", newUser());
      const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `del-${Date.now()}`, members: [{ value: user.body.id }] });
      const id = user.body.id;
      const res = await ws.client.delete(`/Users/${id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe("");
      expect((await ws.client.get(`/Users/${id}`)).status).toBe(404);
      expect((await ws.client.put(`/Users/${id}`, newUser())).status).toBe(404);
      expect((await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "title", value: "x" }))).status).toBe(404);
      expect((await ws.client.delete(`/Users/${id}`)).status).toBe(404);
      expect(await db.prisma.groupMembership.count({ where: { memberId: id } })).toBe(0);
      const g = await ws.client.get(`/Groups/${group.body.id}`);
      expect(g.body.members ?? []).toEqual([]);
      expect(g.body.meta.version).toBe('W/"2"');
      expect(await db.prisma.auditEvent.count({ where: { targetId: id, action: "scim.user.deleted", outcome: "SUCCESS" } })).toBe(1);
    });
  });

  describe("the workspace's last active admin", () => {
    it("cannot be disabled or deleted by SCIM (403, nothing changed); once another admin exists, it can", async () => {
      const own = await createTestWorkspace(db);
      const created = await own.client.post("/Users", newUser());
      const id = created.body.id;
      await db.prisma.member.update({ where: { id }, data: { role: "ADMIN", status: "ACTIVE", activatedAt: new Date() } });
      const before = await member(id);

      const disable = await own.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "title", value: "Boss" }, { op: "replace", path: "active", value: false }));
      expect(disable.status).toBe(403);
      expect(disable.body.detail).toMatch(/last active admin/);
      const put = await own.client.put(`/Users/${id}`, { ...newUser(), userName: created.body.userName, active: false });
      expect(put.status).toBe(403);
      const del = await own.client.delete(`/Users/${id}`);
      expect(del.status).toBe(403);
      expect(await member(id)).toMatchObject({ status: "ACTIVE", active: true, title: before.title, version: before.version });

      // A second active admin (say, made in the admin UI) lifts the guard.
      const other = await own.client.post("/Users", newUser());
      await db.prisma.member.update({ where: { id: other.body.id }, data: { role: "ADMIN", status: "ACTIVE", activatedAt: new Date() } });
      expect((await own.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }))).status).toBe(200);
      expect((await member(id)).status).toBe("DISABLED");
      // Now `other` is the last active admin; a disabled admin is not counted.
      expect((await own.client.delete(`/Users/${other.body.id}`)).status).toBe(403);
      expect((await own.client.delete(`/Users/${id}`)).status).toBe(204);
    });
  });

  describe("groups attribute", () => {
    it("lists the member's groups with value, display, $ref and type direct", async () => {
      const user = await ws.client.post("/Users", newUser());
      const g1 = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `B-team-${Date.now()}`, members: [{ value: user.body.id }] });
      const g2 = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `A-team-${Date.now()}`, members: [{ value: user.body.id }] });
      const res = await ws.client.get(`/Users/${user.body.id}`);
      expect(res.body.groups).toEqual([
        { value: g2.body.id, display: g2.body.displayName, $ref: `http://roster.test/api/v2/scim/Groups/${g2.body.id}`, type: "direct" },
        { value: g1.body.id, display: g1.body.displayName, $ref: `http://roster.test/api/v2/scim/Groups/${g1.body.id}`, type: "direct" },
      ]);
      const patched = await ws.client.patch(`/Users/${user.body.id}`, patchOp({ op: "replace", path: "title", value: "x" }));
      expect(patched.body.groups).toHaveLength(2);
      const listed = await ws.client.get(`/Users?filter=id eq "${user.body.id}"`);
      expect(listed.body.Resources[0].groups).toHaveLength(2);
    });
  });

  describe("round-tripping", () => {
    it("keeps enterprise attributes, unknown attributes and unknown extension schemas unchanged across GET, PUT and PATCH", async () => {
      const manager = await ws.client.post("/Users", newUser({ displayName: "The Boss" }));
      const body = newUser({
        schemas: [USER_SCHEMA, ENTERPRISE, "urn:example:params:scim:schemas:extension:custom:2.0:User"],
        phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
        addresses: [{ streetAddress: "1 Main St", locality: "Springfield", type: "work", primary: true }],
        roles: [{ value: "admin" }],
        profileUrl: "https://example.com/ada",
        [ENTERPRISE]: { employeeNumber: "701984", costCenter: "4130", organization: "Universal Studios", division: "Theme Park", department: "Tour Operations", manager: { value: manager.body.id } },
        "urn:example:params:scim:schemas:extension:custom:2.0:User": { badge: "A-17", clearance: { level: 3, zones: ["north", "south"] } },
        someVendorFlag: true,
      });
      const created = await ws.client.post("/Users", body);
      expect(created.status).toBe(201);
      const expected = {
        phoneNumbers: body.phoneNumbers,
        addresses: body.addresses,
        roles: body.roles,
        profileUrl: body.profileUrl,
        [ENTERPRISE]: { ...body[ENTERPRISE], manager: { value: manager.body.id, displayName: "The Boss", $ref: `http://roster.test/api/v2/scim/Users/${manager.body.id}` } },
        "urn:example:params:scim:schemas:extension:custom:2.0:User": body["urn:example:params:scim:schemas:extension:custom:2.0:User"],
        someVendorFlag: true,
      };
      expect(created.body).toMatchObject(expected);
      expect(created.body.schemas).toEqual(expect.arrayContaining([USER_SCHEMA, ENTERPRISE, "urn:example:params:scim:schemas:extension:custom:2.0:User"]));
      const fetched = await ws.client.get(`/Users/${created.body.id}`);
      expect(fetched.body).toMatchObject(expected);
      const patched = await ws.client.patch(`/Users/${created.body.id}`, patchOp({ op: "replace", path: "title", value: "Guide" }));
      expect(patched.body).toMatchObject({ ...expected, title: "Guide" });
      const put = await ws.client.put(`/Users/${created.body.id}`, { ...fetched.body, title: "Put" });
      expect(put.body).toMatchObject({ ...expected, title: "Put" });
    });
  });

  describe("versioning", () => {
    it("bumps meta.version on every write and honours If-Match (412) and If-None-Match (304)", async () => {
      const created = await ws.client.post("/Users", newUser());
      const id = created.body.id;
      const stale = await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "title", value: "x" }), { headers: { "if-match": 'W/"7"' } });
      expect(stale.status).toBe(412);
      expect((await member(id)).title).toBeNull();
      const fresh = await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "title", value: "x" }), { headers: { "if-match": 'W/"1"' } });
      expect(fresh.status).toBe(200);
      expect(fresh.headers.get("etag")).toBe('W/"2"');
      expect((await ws.client.put(`/Users/${id}`, newUser(), { headers: { "if-match": 'W/"1"' } })).status).toBe(412);
      expect((await ws.client.delete(`/Users/${id}`, { headers: { "if-match": 'W/"1"' } })).status).toBe(412);
      const notModified = await ws.client.get(`/Users/${id}`, { headers: { "if-none-match": 'W/"2"' } });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe("");
      expect(notModified.headers.get("etag")).toBe('W/"2"');
      expect((await ws.client.get(`/Users/${id}`, { headers: { "if-none-match": 'W/"1"' } })).status).toBe(200);
      expect((await ws.client.delete(`/Users/${id}`, { headers: { "if-match": 'W/"2"' } })).status).toBe(204);
    });
  });

  describe("attributes on write responses", () => {
    it("projects POST, PUT and PATCH responses", async () => {
      const created = await ws.client.post("/Users?attributes=userName", newUser());
      expect(Object.keys(created.body).sort()).toEqual(["id", "schemas", "userName"]);
      const put = await ws.client.put(`/Users/${created.body.id}?excludedAttributes=emails`, newUser({ userName: created.body.userName }));
      expect(put.body.emails).toBeUndefined();
      expect(put.body.userName).toBe(created.body.userName);
      const patched = await ws.client.patch(`/Users/${created.body.id}?attributes=title`, patchOp({ op: "replace", path: "title", value: "T" }));
      expect(Object.keys(patched.body).sort()).toEqual(["id", "schemas", "title"]);
    });
  });
});
