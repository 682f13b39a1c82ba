import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { countMembersByStatus, listMembers } from "./list-members";
import { seedGroup, seedMember, seedWorkspace } from "./testing";

describe(`listMembers (${testEngine})`, () => {
  let db: Database;
  let ws: string;
  let adminId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    const seeded = await seedWorkspace(p, "List");
    ws = seeded.workspace.id;
    adminId = seeded.admin.id;
    const t = (days: number) => new Date(Date.UTC(2026, 0, 1 + days));
    const add = async (key: string, input: Parameters<typeof seedMember>[2]) => (ids[key] = (await seedMember(p, ws, input)).id);
    await add("grace", { userName: "grace@example.com", givenName: "Grace", familyName: "Hopper", status: "ACTIVE", lastSignInAt: t(5), createdAt: t(1) });
    await add("alan", { userName: "alan@example.com", displayName: "Alan Turing", status: "ACTIVE", lastSignInAt: t(9), createdAt: t(2) });
    await add("barbara", { userName: "bl@example.com", displayName: "barbara Liskov", status: "ACTIVE", lastSignInAt: t(7), createdAt: t(3) });
    await add("okta1", { userName: "kat.johnson@corp.test", givenName: "Katherine", familyName: "Johnson", status: "INVITED", source: "SCIM", createdAt: t(4) });
    await add("okta2", { userName: "dorothy@corp.test", displayName: "Dorothy Vaughan", status: "INVITED", source: "SCIM", createdAt: t(5) });
    await add("okta3", { userName: "mary_j@corp.test", displayName: "Mary Jackson", status: "INVITED", source: "SCIM", createdAt: t(6) });
    await add("gone", { userName: "gone@example.com", displayName: "Zed Gone", status: "DISABLED", createdAt: t(7) });
    await add("upn", {
      userName: "upn.user@tenant.onmicrosoft.com",
      displayName: "Upn User",
      status: "ACTIVE",
      lastSignInAt: null,
      emails: [{ value: "other@corp.test", primary: true }],
      createdAt: t(8),
    });
    // Force a never-signed-in ACTIVE member (imported) for the nulls-last check.
    await p.member.update({ where: { id: ids.upn }, data: { lastSignInAt: null } });
    await seedGroup(p, ws, "Engineering", [ids.grace, ids.alan, ids.okta1]);
    await seedGroup(p, ws, "Everyone", [ids.grace, ids.okta1]);
    // Another workspace's members never show up.
    const other = await seedWorkspace(p, "Other");
    await seedMember(p, other.workspace.id, { userName: "grace@example.com", displayName: "Other Grace", status: "ACTIVE" });
    await seedMember(p, other.workspace.id, { userName: "x@corp.test", status: "INVITED" });
  });
  afterAll(async () => db?.close());

  it("shows ACTIVE members by default; SCIM-provisioned (INVITED) people only under the Invited filter", async () => {
    const active = await listMembers(db.prisma, { workspaceId: ws });
    expect(active.status).toBe("active");
    expect(active.rows.map((r) => r.status)).toEqual(Array(active.rows.length).fill("ACTIVE"));
    expect(active.rows.map((r) => r.userName)).not.toContain("dorothy@corp.test");
    const invited = await listMembers(db.prisma, { workspaceId: ws, status: "invited" });
    expect(invited.rows.map((r) => r.id).sort()).toEqual([ids.okta1, ids.okta2, ids.okta3].sort());
    expect(invited.rows.every((r) => r.source === "SCIM")).toBe(true);
    const disabled = await listMembers(db.prisma, { workspaceId: ws, status: "disabled" });
    expect(disabled.rows.map((r) => r.id)).toEqual([ids.gone]);
    const all = await listMembers(db.prisma, { workspaceId: ws, status: "all" });
    expect(all.total).toBe(9);
  });

  it("counts every status in one grouped query, scoped to the workspace", async () => {
    const list = await listMembers(db.prisma, { workspaceId: ws });
    expect(list.counts).toEqual({ active: 5, invited: 3, disabled: 1, all: 9 });
    expect(list.total).toBe(5);
  });

  it("searches by email, shown name or family name prefix, case-insensitively, and counts follow the search", async () => {
    const byEmail = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "DOROTHY@" });
    expect(byEmail.rows.map((r) => r.id)).toEqual([ids.okta2]);
    const byName = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "alan tur" });
    expect(byName.rows.map((r) => r.id)).toEqual([ids.alan]);
    const byGiven = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "grace h" });
    expect(byGiven.rows.map((r) => r.id)).toEqual([ids.grace]);
    const byFamily = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "johnson" });
    expect(byFamily.rows.map((r) => r.id)).toEqual([ids.okta1]);
    const counts = await countMembersByStatus(db.prisma, ws, "m");
    expect(counts).toEqual({ active: 0, invited: 1, disabled: 0, all: 1 });
    // The default (active) view of an invited-only search is empty, but the counts say where to look.
    const activeView = await listMembers(db.prisma, { workspaceId: ws, q: "mary" });
    expect(activeView.rows).toEqual([]);
    expect(activeView.counts.invited).toBe(1);
  });

  it("treats LIKE wildcards in the search text literally", async () => {
    expect((await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "mary_" })).rows.map((r) => r.id)).toEqual([ids.okta3]);
    expect((await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "mar_" })).rows).toEqual([]);
    expect((await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "%" })).rows).toEqual([]);
    expect((await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "\\" })).rows).toEqual([]);
  });

  it("sorts by name (case-insensitive), email, last sign-in (never last) and created, both directions", async () => {
    const names = async (sort: "name" | "email" | "lastSignIn" | "created", dir?: "asc" | "desc") =>
      (await listMembers(db.prisma, { workspaceId: ws, sort, dir })).rows.map((r) => r.name);
    expect(await names("name")).toEqual(["Ada Admin", "Alan Turing", "barbara Liskov", "Grace Hopper", "Upn User"]);
    expect(await names("name", "desc")).toEqual(["Upn User", "Grace Hopper", "barbara Liskov", "Alan Turing", "Ada Admin"]);
    const emails = (await listMembers(db.prisma, { workspaceId: ws, sort: "email" })).rows.map((r) => r.userName);
    expect(emails).toEqual([...emails].sort());
    expect(emails[0]).toMatch(/^admin@/);
    const bySignIn = await names("lastSignIn");
    expect(bySignIn.slice(1)).toEqual(["Alan Turing", "barbara Liskov", "Grace Hopper", "Upn User"]);
    expect(bySignIn[0]).toBe("Ada Admin"); // signed in "now" (seeded)
    expect((await names("lastSignIn", "asc"))[0]).toBe("Upn User");
    expect(await names("created", "asc")).toEqual(["Grace Hopper", "Alan Turing", "barbara Liskov", "Upn User", "Ada Admin"]);
  });

  it("shows group counts, source, and the primary email when it differs from userName", async () => {
    const all = await listMembers(db.prisma, { workspaceId: ws, status: "all", pageSize: 100 });
    const byId = new Map(all.rows.map((r) => [r.id, r]));
    expect(byId.get(ids.grace)?.groupCount).toBe(2);
    expect(byId.get(ids.alan)?.groupCount).toBe(1);
    expect(byId.get(ids.barbara)?.groupCount).toBe(0);
    expect(byId.get(ids.okta1)?.source).toBe("SCIM");
    expect(byId.get(ids.upn)?.otherEmail).toBe("other@corp.test");
    expect(byId.get(ids.grace)?.otherEmail).toBeNull();
    expect(byId.get(adminId)?.role).toBe("ADMIN");
  });

  it("paginates without gaps or repeats and clamps pages past the end", async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const list = await listMembers(db.prisma, { workspaceId: ws, status: "all", pageSize: 2, page });
      expect(list.pageCount).toBe(5);
      seen.push(...list.rows.map((r) => r.id));
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const past = await listMembers(db.prisma, { workspaceId: ws, status: "all", pageSize: 2, page: 99 });
    expect(past.page).toBe(5);
    expect(past.rows).toHaveLength(1);
    const empty = await listMembers(db.prisma, { workspaceId: ws, q: "nobody-here" });
    expect(empty).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });
  });
});
