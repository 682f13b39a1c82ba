// Migration 20261205010000_roles on a database that already has members: every existing role was
// set by hand (→ manualRole), SCIM `roles` stored before roles counted are read (→ scimRole) and,
// where they name a higher role, raise the effective role with an audit event.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMigrations } from "./migrate";
import { openTestDatabase, testEngine } from "./testing";
import type { Database } from "./engines";

const ROLES_MIGRATION = "20261205010000_roles";

describe(`roles migration backfill (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase({ migrate: false });
  });
  afterAll(async () => db?.close());

  it("keeps every role as the hand-set role, reads stored SCIM roles, and records the roles that now count", async () => {
    const all = await loadMigrations();
    await db.migrate(all.filter((m) => m.name < ROLES_MIGRATION));
    const [{ id: ws }] = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`INSERT INTO "Workspace" ("name", "slug") VALUES ('Old', 'old') RETURNING "id"::text AS "id"`);
    const insert = (userName: string, role: string, extra: unknown) =>
      db.prisma.$executeRawUnsafe(
        `INSERT INTO "Member" ("workspaceId", "userName", "role", "status", "extra") VALUES ($1::uuid, $2, $3::"MemberRole", 'ACTIVE', $4::jsonb)`,
        ws, userName, role, JSON.stringify(extra),
      );
    await insert("admin@old.test", "ADMIN", {});
    await insert("editor@old.test", "EDITOR", { roles: [{ value: "viewer" }] });
    await insert("promoted@old.test", "VIEWER", { roles: [{ value: "Student" }, { value: "Admin", primary: true }] });
    await insert("other@old.test", "GUEST", { roles: [{ value: "Student" }] });
    await insert("odd@old.test", "GUEST", { roles: "admin" });

    const result = await db.migrate(all);
    expect(result.applied[0]).toBe(ROLES_MIGRATION);

    const rows = await db.prisma.member.findMany({ where: { workspaceId: ws }, orderBy: { userName: "asc" }, select: { userName: true, role: true, manualRole: true, scimRole: true } });
    expect(rows).toEqual([
      { userName: "admin@old.test", role: "ADMIN", manualRole: "ADMIN", scimRole: null },
      { userName: "editor@old.test", role: "EDITOR", manualRole: "EDITOR", scimRole: "VIEWER" },
      { userName: "odd@old.test", role: "GUEST", manualRole: "GUEST", scimRole: null },
      { userName: "other@old.test", role: "GUEST", manualRole: "GUEST", scimRole: null },
      { userName: "promoted@old.test", role: "ADMIN", manualRole: "VIEWER", scimRole: "ADMIN" },
    ]);
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: ws, action: "member.role_changed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ targetLabel: "promoted@old.test", actorKind: "SYSTEM", details: { from: "VIEWER", to: "ADMIN" } });
    const groups = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS "n" FROM information_schema.columns WHERE table_name = 'Group' AND column_name = 'grantsRole'`);
    expect(groups[0].n).toBe(1);
  });
});
