// Server actions called directly, as a given session (runWithSession), on both engines.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { runWithSession } from "@/lib/auth/session-override";
import { seedMember, seedWorkspace, formData } from "@/lib/members/testing";
import { changeRoleAction, setActiveAction } from "./actions";
import { setBreakGlassAction } from "../settings/sso/actions";

/** What every admin action answers anyone but a signed-in admin (lib/actions/result adminAction). */
const REFUSED = { ok: false, code: "not-allowed", message: expect.stringMatching(/^(You are not signed in\.|Your role does not allow this \(.+\)\. Ask a workspace admin\.)$/) };

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

describe(`member actions (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  async function setup() {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const viewer = await seedMember(db.prisma, workspace.id, { userName: `viewer-${workspace.slug}@x.test`, status: "ACTIVE" });
    const as = (m: { id: string } | null) => <T>(fn: () => Promise<T>) => runWithSession(m ? { memberId: m.id, workspaceId: workspace.id } : null, fn);
    return { workspace, admin, viewer, as };
  }

  it("non-admins, signed-out and disabled people get a not-allowed message (never a thrown error) and change nothing", async () => {
    const { workspace, admin, viewer, as } = await setup();
    const disabledAdmin = await seedMember(db.prisma, workspace.id, { userName: `dis-${workspace.slug}@x.test`, status: "DISABLED", role: "ADMIN" });
    for (const who of [viewer, null, disabledAdmin]) {
      await expect(as(who)(() => changeRoleAction(null, formData({ memberId: viewer.id, role: "ADMIN" })))).resolves.toEqual(REFUSED);
      await expect(as(who)(() => setActiveAction(null, formData({ memberId: admin.id, active: "false" })))).resolves.toEqual(REFUSED);
    }
    const rows = await db.prisma.member.findMany({ where: { id: { in: [admin.id, viewer.id] } } });
    expect(rows.map((r) => [r.role, r.status]).sort()).toEqual([["ADMIN", "ACTIVE"], ["VIEWER", "ACTIVE"]]);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: workspace.id, action: { startsWith: "member." } } })).toBe(0);
  });

  it("an admin changes a role; a demoted admin's next action is refused", async () => {
    const { admin, viewer, as } = await setup();
    expect(await as(admin)(() => changeRoleAction(null, formData({ memberId: viewer.id, role: "ADMIN" })))).toEqual({ ok: true, message: "Role changed to Admin." });
    expect(await as(viewer)(() => changeRoleAction(null, formData({ memberId: admin.id, role: "VIEWER" })))).toMatchObject({ ok: true });
    await expect(as(admin)(() => changeRoleAction(null, formData({ memberId: viewer.id, role: "VIEWER" })))).resolves.toEqual(REFUSED);
  });

  it("validates input with zod before touching anything", async () => {
    const { admin, viewer, as } = await setup();
    expect(await as(admin)(() => changeRoleAction(null, formData({ memberId: "nope", role: "ADMIN" })))).toMatchObject({ ok: false, fieldErrors: { memberId: "Unknown member." } });
    expect(await as(admin)(() => changeRoleAction(null, formData({ memberId: viewer.id, role: "OWNER" })))).toMatchObject({ ok: false, fieldErrors: { role: "Choose a role." } });
    expect(await as(admin)(() => setActiveAction(null, formData({ memberId: viewer.id, active: "maybe" })))).toMatchObject({ ok: false });
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: viewer.id } })).role).toBe("VIEWER");
  });

  it("the last active admin cannot demote themselves (message, not a crash)", async () => {
    const { admin, as } = await setup();
    const result = await as(admin)(() => changeRoleAction(null, formData({ memberId: admin.id, role: "EDITOR" })));
    expect(result).toMatchObject({ ok: false });
    expect(result!.message).toMatch(/last active admin/);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("ADMIN");
  });

  it("deactivates and reactivates; refuses self-deactivation; other workspaces' members are not found", async () => {
    const { admin, viewer, as } = await setup();
    expect(await as(admin)(() => setActiveAction(null, formData({ memberId: viewer.id, active: "false" })))).toEqual({ ok: true, message: "Member deactivated." });
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: viewer.id } })).status).toBe("DISABLED");
    expect(await as(admin)(() => setActiveAction(null, formData({ memberId: viewer.id, active: "true" })))).toEqual({ ok: true, message: "Member reactivated." });
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: viewer.id } })).status).toBe("ACTIVE");
    expect(await as(admin)(() => setActiveAction(null, formData({ memberId: admin.id, active: "false" })))).toMatchObject({ ok: false, message: expect.stringMatching(/your own account/) });
    const other = await seedWorkspace(db.prisma, "Other");
    expect(await as(admin)(() => setActiveAction(null, formData({ memberId: other.admin.id, active: "false" })))).toMatchObject({ ok: false, message: expect.stringMatching(/no longer exists/) });
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: other.admin.id } })).status).toBe("ACTIVE");
  });

  it("while SSO is required, the last break-glass admin cannot be demoted, deactivated or unmarked (message to act on, audited)", async () => {
    const { workspace, admin, as } = await setup();
    const keeper = await seedMember(db.prisma, workspace.id, { userName: `keeper-${workspace.slug}@x.test`, status: "ACTIVE", role: "ADMIN" });
    // Test set-up, not a door: the keeper is the only break-glass admin and SSO is required.
    await db.prisma.member.update({ where: { id: keeper.id }, data: { breakGlass: true } });
    await db.prisma.workspace.update({ where: { id: workspace.id }, data: { requireSso: true } });
    const attempts = [
      () => changeRoleAction(null, formData({ memberId: keeper.id, role: "EDITOR" })),
      () => setActiveAction(null, formData({ memberId: keeper.id, active: "false" })),
      () => setBreakGlassAction(keeper.id, null, formData({ enabled: "false" })),
    ];
    for (const attempt of attempts) {
      const result = await as(admin)(attempt);
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/last break-glass admin.*Mark another admin as break-glass or switch off Require SSO first/) });
    }
    // The keeper demoting themselves is refused the same way (another active admin exists, so not the last-admin rule).
    expect(await as(keeper)(() => changeRoleAction(null, formData({ memberId: keeper.id, role: "VIEWER" })))).toMatchObject({ ok: false, message: expect.stringMatching(/last break-glass admin/) });
    expect(await db.prisma.member.findUniqueOrThrow({ where: { id: keeper.id } })).toMatchObject({ role: "ADMIN", status: "ACTIVE", breakGlass: true });
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "sso.break_glass_refused" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.actorId, e.targetId, e.outcome, (e.details as { change: string; via: string }).change, (e.details as { via: string }).via])).toEqual([
      [admin.id, keeper.id, "FAILURE", "demote", "admin"],
      [admin.id, keeper.id, "FAILURE", "deactivate", "admin"],
      [admin.id, keeper.id, "FAILURE", "unmark", "admin"],
      [keeper.id, keeper.id, "FAILURE", "demote", "admin"],
    ]);
    // Once SSO is no longer required, the same demotion goes through.
    await db.prisma.workspace.update({ where: { id: workspace.id }, data: { requireSso: false } });
    expect(await as(admin)(() => changeRoleAction(null, formData({ memberId: keeper.id, role: "EDITOR" })))).toEqual({ ok: true, message: "Role changed to Editor." });
  });
});
