// While a workspace requires SSO, at least one active admin must stay break-glass (password
// sign-in when the IdP fails). Provisioning cannot take the last one away — deactivate (PATCH,
// PUT), delete, SCIM `roles`, group removal — through the real route handler: 409 with a detail an
// Okta/Entra admin can act on, nothing applied, the refusal audited as `sso.break_glass_refused`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { setGroupRole } from "@/lib/lifecycle";
import { seedMember } from "@/lib/members/testing";
import { closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, newUser, openScimTestDatabase, patchOp } from "./test-support";

const DETAIL = /last break-glass admin.*Mark another admin as break-glass or switch off Require SSO first/s;

describe(`SCIM keeps a break-glass admin while SSO is required (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openScimTestDatabase();
  });
  afterAll(() => closeScimTestDatabase(db));

  const member = (id: string) => db.prisma.member.findUniqueOrThrow({ where: { id } });

  /** A workspace requiring SSO: an ordinary admin (not break-glass) and a break-glass admin provisioned by SCIM. */
  async function setup(roles: unknown[] = [{ value: "admin", primary: true }]) {
    const ws = await createTestWorkspace(db);
    const other = await seedMember(db.prisma, ws.id, { userName: `other-admin@${ws.slug}.test`, role: "ADMIN", status: "ACTIVE", source: "MANUAL" });
    const body = newUser({ roles });
    const { id } = (await ws.client.post("/Users", body)).body as { id: string };
    // Test set-up, not a door: signed in once, marked break-glass, and SSO required.
    await db.prisma.member.update({ where: { id }, data: { status: "ACTIVE", activatedAt: new Date(), breakGlass: true } });
    await db.prisma.workspace.update({ where: { id: ws.id }, data: { requireSso: true } });
    return { ws, other, id, body };
  }

  async function expectRefused(workspaceId: string, id: string, response: { status: number; body: { detail?: string } }, change: string) {
    expect(response.status).toBe(409);
    expect(response.body.detail).toMatch(DETAIL);
    expect(response.body.detail).toMatch(/ask a Roster admin/);
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId, action: "sso.break_glass_refused" }, orderBy: { createdAt: "asc" } });
    expect(events.at(-1)).toMatchObject({ outcome: "FAILURE", targetId: id, actorKind: "TOKEN", details: expect.objectContaining({ change, via: "scim" }) });
  }

  it("refuses to deactivate (PATCH, PUT) or delete the last break-glass admin; nothing applied", async () => {
    const { ws, id, body } = await setup();
    await expectRefused(ws.id, id, await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", value: { active: false } })), "deactivate");
    await expectRefused(ws.id, id, await ws.client.put(`/Users/${id}`, { ...body, active: false }), "deactivate");
    await expectRefused(ws.id, id, await ws.client.delete(`/Users/${id}`), "delete");
    expect(await member(id)).toMatchObject({ status: "ACTIVE", role: "ADMIN", breakGlass: true });
    // The failed requests themselves are on record too.
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, targetId: id, outcome: "FAILURE", action: { startsWith: "scim.user." } } })).toBe(3);
  });

  it("refuses SCIM roles that would take Admin away from the last break-glass admin", async () => {
    const { ws, id } = await setup();
    const refused = await ws.client.patch(`/Users/${id}`, patchOp({ op: "Remove", path: 'roles[primary eq "True"]' }));
    await expectRefused(ws.id, id, refused, "lose-role");
    expect(refused.body.detail).toMatch(/the roles sent by provisioning would take the Admin role away/i);
    expect(await member(id)).toMatchObject({ role: "ADMIN", scimRole: "ADMIN" });
  });

  it("refuses a group removal that would take Admin away from the last break-glass admin", async () => {
    const { ws, other, id } = await setup([]);
    const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `Roster Admins ${ws.slug}`, members: [{ value: id }] });
    await setGroupRole(db.sqlTransaction, { workspaceId: ws.id, actorId: other.id, groupId: group.body.id, role: "ADMIN" });
    expect(await member(id)).toMatchObject({ role: "ADMIN", breakGlass: true });
    const refused = await ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "remove", path: `members[value eq "${id}"]` }));
    await expectRefused(ws.id, id, refused, "lose-role");
    expect(refused.body.detail).toMatch(/Removing them from group 'Roster Admins/);
    expect(await member(id)).toMatchObject({ role: "ADMIN" });
    expect((await ws.client.delete(`/Groups/${group.body.id}`)).status).toBe(409);
  });

  it("allows it once another admin is break-glass, or once SSO is no longer required", async () => {
    const first = await setup();
    await db.prisma.member.update({ where: { id: first.other.id }, data: { breakGlass: true } });
    expect((await first.ws.client.patch(`/Users/${first.id}`, patchOp({ op: "replace", value: { active: false } }))).status).toBe(200);

    const second = await setup();
    await db.prisma.workspace.update({ where: { id: second.ws.id }, data: { requireSso: false } });
    expect((await second.ws.client.delete(`/Users/${second.id}`)).status).toBe(204);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: { in: [first.ws.id, second.ws.id] }, action: "sso.break_glass_refused" } })).toBe(0);
  });
});
