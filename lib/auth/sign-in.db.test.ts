import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createWorkspace } from "@/lib/workspaces";
import { signInWithPassword } from "./sign-in";
import { addMember, uniqueSuffix } from "./testing";

const PASSWORD = "correct horse battery";

describe(`signInWithPassword (${testEngine})`, () => {
  let db: Database;
  let ws: { id: string; slug: string };

  beforeAll(async () => {
    db = await openTestDatabase();
    const created = await createWorkspace(db.prisma, { name: "Sign In Co", adminEmail: "admin@signin.test", adminPassword: PASSWORD });
    ws = created.workspace;
  });
  afterAll(async () => db?.close());

  const events = (memberId: string) =>
    db.prisma.auditEvent.findMany({ where: { targetId: memberId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true, actorKind: true } });

  it("signs an ACTIVE member in, records lastSignInAt and a member.signed_in event", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `active-${uniqueSuffix()}@x.test`, password: PASSWORD });
    const before = new Date();
    const result = await signInWithPassword(db, { workspaceSlug: ws.slug, email: m.userName, password: PASSWORD });
    expect(result).toMatchObject({ ok: true, member: { id: m.id, workspaceId: ws.id, workspaceSlug: ws.slug, status: "ACTIVE" } });
    const row = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.lastSignInAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 5);
    expect(await events(m.id)).toEqual([{ action: "member.signed_in", actorId: m.id, actorKind: "MEMBER" }]);
  });

  it("matches the email case-insensitively and ignores surrounding spaces", async () => {
    const email = `Mixed.Case-${uniqueSuffix()}@X.test`;
    await addMember(db.prisma, { workspaceId: ws.id, email, password: PASSWORD });
    const result = await signInWithPassword(db, { workspaceSlug: ` ${ws.slug.toUpperCase()} `, email: `  ${email.toLowerCase()} `, password: PASSWORD });
    expect(result.ok).toBe(true);
  });

  it("answers 'invalid' for a wrong password, an unknown email, an unknown workspace and a member without a password", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `wrong-${uniqueSuffix()}@x.test`, password: PASSWORD });
    const noPassword = await addMember(db.prisma, { workspaceId: ws.id, email: `nopw-${uniqueSuffix()}@x.test`, password: null, status: "INVITED" });
    const attempts = [
      { workspaceSlug: ws.slug, email: m.userName, password: "not the password" },
      { workspaceSlug: ws.slug, email: `nobody-${uniqueSuffix()}@x.test`, password: PASSWORD },
      { workspaceSlug: "no-such-workspace", email: m.userName, password: PASSWORD },
      { workspaceSlug: "", email: m.userName, password: PASSWORD },
      { workspaceSlug: ws.slug, email: noPassword.userName, password: "" },
    ];
    for (const attempt of attempts) {
      expect(await signInWithPassword(db, attempt)).toEqual({ ok: false, reason: "invalid" });
    }
    const row = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.lastSignInAt).toBeNull();
    // The wrong password is on record (lib/auth/sign-in-limits.db.test.ts checks the details).
    expect(await events(m.id)).toEqual([{ action: "member.sign_in_failed", actorId: null, actorKind: "SYSTEM" }]);
  });

  it("refuses a DISABLED member with 'disabled' only when the password is right (no probing for disabled accounts)", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `disabled-${uniqueSuffix()}@x.test`, password: PASSWORD, status: "DISABLED" });
    expect(await signInWithPassword(db, { workspaceSlug: ws.slug, email: m.userName, password: PASSWORD })).toEqual({ ok: false, reason: "disabled" });
    expect(await signInWithPassword(db, { workspaceSlug: ws.slug, email: m.userName, password: "guess guess guess" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const row = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.lastSignInAt).toBeNull();
    expect(row.status).toBe("DISABLED");
  });

  it("activates an INVITED member on their first sign-in only", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `invited-${uniqueSuffix()}@x.test`, password: PASSWORD, status: "INVITED" });
    const first = await signInWithPassword(db, { workspaceSlug: ws.slug, email: m.userName, password: PASSWORD });
    expect(first).toMatchObject({ ok: true, member: { status: "ACTIVE" } });
    const afterFirst = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(afterFirst.status).toBe("ACTIVE");
    expect(afterFirst.activatedAt).not.toBeNull();
    expect(afterFirst.lastSignInAt).not.toBeNull();
    expect(afterFirst.version).toBe(m.version + 1);

    await new Promise((r) => setTimeout(r, 5));
    await signInWithPassword(db, { workspaceSlug: ws.slug, email: m.userName, password: PASSWORD });
    const afterSecond = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(afterSecond.activatedAt).toEqual(afterFirst.activatedAt);
    expect(afterSecond.lastSignInAt!.getTime()).toBeGreaterThan(afterFirst.lastSignInAt!.getTime());
    expect((await events(m.id)).map((e) => e.action).sort()).toEqual(["member.activated", "member.signed_in", "member.signed_in"]);
  });

  it("resolves the workspace from the slug when the same email belongs to two workspaces", async () => {
    const email = `shared-${uniqueSuffix()}@x.test`;
    const other = (await createWorkspace(db.prisma, { name: `Other ${uniqueSuffix()}`, adminEmail: "boss@other.test", adminPassword: PASSWORD })).workspace;
    const inFirst = await addMember(db.prisma, { workspaceId: ws.id, email, password: "first workspace pw", role: "ADMIN" });
    const inSecond = await addMember(db.prisma, { workspaceId: other.id, email, password: "second workspace pw", role: "GUEST" });

    const a = await signInWithPassword(db, { workspaceSlug: ws.slug, email, password: "first workspace pw" });
    const b = await signInWithPassword(db, { workspaceSlug: other.slug, email, password: "second workspace pw" });
    expect(a).toMatchObject({ ok: true, member: { id: inFirst.id, workspaceId: ws.id, role: "ADMIN" } });
    expect(b).toMatchObject({ ok: true, member: { id: inSecond.id, workspaceId: other.id, role: "GUEST" } });
    // One workspace's password never opens the other.
    expect(await signInWithPassword(db, { workspaceSlug: other.slug, email, password: "first workspace pw" })).toEqual({ ok: false, reason: "invalid" });
  });
});
