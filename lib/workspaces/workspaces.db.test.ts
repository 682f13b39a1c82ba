import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { verifyPassword } from "@/lib/auth/password";
import { createWorkspace, findWorkspaceBySlug, hasAnyWorkspace, slugify, WorkspaceInputError, WorkspaceSetupClosedError } from "./index";

const PASSWORD = "correct horse battery";

describe("slugify", () => {
  it("makes short, URL-safe slugs", () => {
    expect(slugify("Acme Inc.")).toBe("acme-inc");
    expect(slugify("  Zürich Ärzte  ")).toBe("zurich-arzte");
    expect(slugify("!!!")).toBe("workspace");
    expect(slugify("x".repeat(80))).toHaveLength(40);
  });
});

describe(`workspaces (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it("first-run creation works only while there is no workspace, even when two setups race", async () => {
    expect(await hasAnyWorkspace(db.prisma)).toBe(false);
    const input = (n: number) => ({ name: `First ${n}`, adminEmail: `first${n}@x.test`, adminPassword: PASSWORD });
    const results = await Promise.allSettled([1, 2, 3].map((n) => createWorkspace(db.prisma, input(n), { onlyIfFirst: true })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(WorkspaceSetupClosedError);
    expect(await db.prisma.workspace.count()).toBe(1);
    expect(await hasAnyWorkspace(db.prisma)).toBe(true);
    await expect(createWorkspace(db.prisma, input(4), { onlyIfFirst: true })).rejects.toBeInstanceOf(WorkspaceSetupClosedError);
  });

  it("creates the workspace with an ACTIVE ADMIN whose password is stored only as an Argon2id hash", async () => {
    const { workspace, admin } = await createWorkspace(db.prisma, {
      name: "Hashing Ltd",
      adminEmail: " Owner@Hashing.test ",
      adminPassword: PASSWORD,
      adminName: { givenName: " Olive ", familyName: "Owner" },
      actorLabel: "cli",
    });
    expect(workspace).toMatchObject({ name: "Hashing Ltd", slug: "hashing-ltd", scimEnabled: true });
    expect(admin).toMatchObject({ userName: "Owner@Hashing.test", role: "ADMIN", status: "ACTIVE", source: "MANUAL" });
    expect(admin).toMatchObject({ givenName: "Olive", familyName: "Owner", formattedName: "Olive Owner", displayName: "Olive Owner" });
    expect(admin.activatedAt).not.toBeNull();
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(admin.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(admin.passwordHash, PASSWORD)).toBe(true);
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "workspace.created", actorKind: "SYSTEM", actorLabel: "cli", targetId: workspace.id });
    expect(JSON.stringify(events[0].details)).not.toContain(PASSWORD);
    expect((await findWorkspaceBySlug(db.prisma, "hashing-ltd"))?.id).toBe(workspace.id);
  });

  it("picks the next free slug when the name is taken, also under concurrent creation", async () => {
    const make = () => createWorkspace(db.prisma, { name: "Same Name", adminEmail: "a@same.test", adminPassword: PASSWORD });
    const first = await make();
    const [second, third] = await Promise.all([make(), make()]);
    expect(first.workspace.slug).toBe("same-name");
    expect([second.workspace.slug, third.workspace.slug].sort()).toEqual(["same-name-2", "same-name-3"]);
  });

  it("rejects a missing name, a bad email and a weak password before writing anything", async () => {
    const before = await db.prisma.workspace.count();
    const cases = [
      { name: " ", adminEmail: "a@b.test", adminPassword: PASSWORD },
      { name: "Valid", adminEmail: "not-an-email", adminPassword: PASSWORD },
      { name: "Valid", adminEmail: "a@b.test", adminPassword: "short" },
      { name: "Valid", adminEmail: "a@b.test", adminPassword: PASSWORD, adminName: { givenName: "Ada", familyName: "  " } },
      { name: "Valid", adminEmail: "a@b.test", adminPassword: PASSWORD, adminName: { givenName: "x".repeat(101), familyName: "Lovelace" } },
    ];
    for (const input of cases) await expect(createWorkspace(db.prisma, input)).rejects.toBeInstanceOf(WorkspaceInputError);
    expect(await db.prisma.workspace.count()).toBe(before);
  });
});
