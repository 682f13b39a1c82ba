import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { recordAudit, type Actor } from "@/lib/audit";
import { CATEGORY_FILTERS, decodeCursor, encodeCursor, listAuditEvents, recentAuditActions } from "./query";

describe(`activity query (${testEngine})`, () => {
  let db: Database;
  let ws: string;
  const memberTarget = "6f1c2d3e-0000-4000-8000-000000000001";

  beforeAll(async () => {
    db = await openTestDatabase();
    ws = (await db.prisma.workspace.create({ data: { name: "Audit", slug: `audit-${Date.now()}` } })).id;
    const other = (await db.prisma.workspace.create({ data: { name: "Other", slug: `other-${Date.now()}` } })).id;
    const token: Actor = { kind: "TOKEN", id: "tok-1", label: "Okta" };
    const admin: Actor = { kind: "MEMBER", id: "adm-1", label: "admin@x.test" };
    const system: Actor = { kind: "SYSTEM", label: "setup" };
    const base = Date.UTC(2020, 0, 1);
    const rows: Parameters<typeof recordAudit>[1][] = [];
    for (let i = 0; i < 30; i++) {
      rows.push({ workspaceId: ws, actor: token, action: "member.created", target: { type: "Member", id: `m-${i}`, label: `user${i}@corp.test` } });
    }
    rows.push({ workspaceId: ws, actor: token, action: "member.created", outcome: "FAILURE", target: { type: "Member", label: "dup@corp.test" }, details: { status: 409, detail: "userName exists" } });
    rows.push({ workspaceId: ws, actor: admin, action: "member.role_changed", target: { type: "Member", id: memberTarget, label: "Grace@corp.test" }, details: { from: "VIEWER", to: "ADMIN" } });
    rows.push({ workspaceId: ws, actor: system, action: "workspace.created", target: { type: "Workspace", id: ws, label: "Audit" } });
    rows.push({ workspaceId: other, actor: admin, action: "member.role_changed", target: { type: "Member", id: memberTarget } });
    for (const [i, row] of rows.entries()) {
      await recordAudit(db.prisma, row);
      // Deterministic, strictly increasing timestamps, with two events sharing one to test the id tie-break.
      const createdAt = new Date(base + (i === 5 ? 4 : i) * 1000);
      await db.prisma.$executeRaw`UPDATE "AuditEvent" SET "createdAt" = ${createdAt} WHERE "id" = (SELECT "id" FROM "AuditEvent" ORDER BY "createdAt" DESC, "id" DESC LIMIT 1) AND "createdAt" > ${new Date(base + 86_400_000)}`;
    }
  });
  afterAll(async () => db?.close());

  it("lists newest first, only this workspace", async () => {
    const page = await listAuditEvents(db.prisma, { workspaceId: ws, limit: 5 });
    expect(page.events.map((e) => e.action)).toEqual(["workspace.created", "member.role_changed", "member.created", "member.created", "member.created"]);
    expect(page.events.every((e) => e.workspaceId === ws)).toBe(true);
    expect(page.newerCursor).toBeNull();
    expect(page.olderCursor).not.toBeNull();
  });

  it("pages through everything with keyset cursors, forwards and back, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: ReturnType<typeof decodeCursor>;
    const pages: string[][] = [];
    do {
      const page = await listAuditEvents(db.prisma, { workspaceId: ws, limit: 7, before: cursor });
      pages.push(page.events.map((e) => e.id));
      seen.push(...page.events.map((e) => e.id));
      cursor = page.olderCursor ? decodeCursor(encodeCursor(page.olderCursor)) : undefined;
    } while (cursor);
    expect(seen).toHaveLength(33);
    expect(new Set(seen).size).toBe(33);
    // Back from page 3 to page 2.
    const third = await listAuditEvents(db.prisma, { workspaceId: ws, limit: 7, before: (await listAuditEvents(db.prisma, { workspaceId: ws, limit: 14 })).olderCursor! });
    expect(third.events.map((e) => e.id)).toEqual(pages[2]);
    const second = await listAuditEvents(db.prisma, { workspaceId: ws, limit: 7, after: third.newerCursor! });
    expect(second.events.map((e) => e.id)).toEqual(pages[1]);
    const first = await listAuditEvents(db.prisma, { workspaceId: ws, limit: 7, after: second.newerCursor! });
    expect(first.events.map((e) => e.id)).toEqual(pages[0]);
    expect(first.newerCursor).toBeNull();
  });

  it("filters by actor kind (token / admin / system), action, outcome and target", async () => {
    const ids = async (f: Parameters<typeof listAuditEvents>[1]) => (await listAuditEvents(db.prisma, { limit: 100, ...f })).events;
    expect(await ids({ workspaceId: ws, actor: "admin" })).toHaveLength(1);
    expect((await ids({ workspaceId: ws, actor: "system" }))[0].action).toBe("workspace.created");
    expect(await ids({ workspaceId: ws, actor: "token" })).toHaveLength(31);
    expect(await ids({ workspaceId: ws, action: "member.role_changed" })).toHaveLength(1);
    const failures = await ids({ workspaceId: ws, outcome: "failure" });
    expect(failures.map((e) => e.details)).toEqual([{ status: 409, detail: "userName exists" }]);
    expect(await ids({ workspaceId: ws, outcome: "success" })).toHaveLength(32);
    expect((await ids({ workspaceId: ws, target: memberTarget })).map((e) => e.action)).toEqual(["member.role_changed"]);
    expect((await ids({ workspaceId: ws, target: "grace@" })).map((e) => e.targetId)).toEqual([memberTarget]);
    expect(await ids({ workspaceId: ws, target: "user1" })).toHaveLength(11); // user1, user10..user19
    expect(await ids({ workspaceId: ws, actor: "token", outcome: "failure", action: "member.created" })).toHaveLength(1);
    expect(await ids({ workspaceId: ws, action: "nope" })).toEqual([]);
  });

  it("filters by category: Single sign-on offers every sso.* event (refusals included), like the other families", async () => {
    const sso = (await db.prisma.workspace.create({ data: { name: "SSO", slug: `sso-${Date.now()}` } })).id;
    const system: Actor = { kind: "SYSTEM", label: "SSO (Okta)" };
    for (const action of ["sso.connection_saved", "sso.refused", "sso.break_glass_refused", "member.signed_in", "scim.user.created", "invitation.queued", "ssoish.other"]) {
      await recordAudit(db.prisma, { workspaceId: sso, actor: system, action, outcome: action.endsWith("refused") ? "FAILURE" : "SUCCESS" });
    }
    const actions = async (f: Omit<Parameters<typeof listAuditEvents>[1], "workspaceId">) => (await listAuditEvents(db.prisma, { workspaceId: sso, limit: 100, ...f })).events.map((e) => e.action).sort();
    expect(await actions({ category: "sso" })).toEqual(["sso.break_glass_refused", "sso.connection_saved", "sso.refused"]);
    expect(await actions({ category: "sso", outcome: "failure" })).toEqual(["sso.break_glass_refused", "sso.refused"]);
    expect(await actions({ category: "members" })).toEqual(["member.signed_in"]);
    expect(await actions({ category: "provisioning" })).toEqual(["scim.user.created"]);
    expect(await actions({ category: "invitations" })).toEqual(["invitation.queued"]);
    expect(Object.values(CATEGORY_FILTERS).map((c) => c.label)).toContain("Single sign-on");
  });

  it("suggests the actions seen recently", async () => {
    expect(await recentAuditActions(db.prisma, ws)).toEqual(["member.created", "member.role_changed", "workspace.created"]);
  });

  it("rejects malformed cursors", () => {
    expect(decodeCursor("garbage")).toBeUndefined();
    expect(decodeCursor("2026-01-01T00:00:00.000Z_not-a-uuid")).toBeUndefined();
    expect(decodeCursor(undefined)).toBeUndefined();
  });
});
