import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { BreakGlassError, setMemberBreakGlass } from "@/lib/lifecycle";
import { finishSsoSignIn } from "./finish";
import { RequireSsoError, setRequireSso } from "./require-sso";
import { workspaceWithConnection } from "./testing";

const PASSWORD = "correct horse battery";

describe(`Require SSO and break-glass admins (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  const refusals = async (workspaceId: string) =>
    (await db.prisma.auditEvent.findMany({ where: { workspaceId, action: "sso.require_sso_refused" }, orderBy: { createdAt: "asc" } })).map((e) => (e.details as { reason: string }).reason);

  it("cannot be switched on before the admin proved SSO works, nor without a break-glass admin; each refusal audited", async () => {
    const ws = await workspaceWithConnection(db.prisma);
    const input = { workspaceId: ws.workspace.id, actorId: ws.admin.id, enabled: true };
    await expect(setRequireSso(db.prisma, input)).rejects.toThrow(/sign in through SSO yourself or run Test connection/);
    // A successful Test connection by THIS admin counts.
    await finishSsoSignIn(db, { connection: ws.connection, bindingHash: null, identity: { email: ws.admin.userName }, purpose: "test", pending: { memberId: ws.admin.id } });
    await expect(setRequireSso(db.prisma, input)).rejects.toThrow(/break-glass/);
    await setMemberBreakGlass(db.sqlTransaction, { workspaceId: ws.workspace.id, actorId: ws.admin.id, memberId: ws.admin.id, breakGlass: true });
    expect(await setRequireSso(db.prisma, input)).toEqual({ changed: true });
    expect(await refusals(ws.workspace.id)).toHaveLength(2);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: ws.workspace.id } })).requireSso).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.workspace.id, action: "sso.require_sso_enabled" } })).toBe(1);
  });

  it("another admin's Test connection does not count; their own SSO sign-in does", async () => {
    const ws = await workspaceWithConnection(db.prisma);
    const other = await addMember(db.prisma, { workspaceId: ws.workspace.id, email: `other-admin-${uniqueSuffix()}@sso.test`, role: "ADMIN" });
    await finishSsoSignIn(db, { connection: ws.connection, bindingHash: null, identity: { email: ws.admin.userName }, purpose: "test", pending: { memberId: ws.admin.id } });
    await setMemberBreakGlass(db.sqlTransaction, { workspaceId: ws.workspace.id, actorId: ws.admin.id, memberId: ws.admin.id, breakGlass: true });
    await expect(setRequireSso(db.prisma, { workspaceId: ws.workspace.id, actorId: other.id, enabled: true })).rejects.toBeInstanceOf(RequireSsoError);
    await finishSsoSignIn(db, { connection: ws.connection, bindingHash: null, identity: { email: other.userName }, purpose: "sign-in" });
    expect(await setRequireSso(db.prisma, { workspaceId: ws.workspace.id, actorId: other.id, enabled: true })).toEqual({ changed: true });
  });

  it("refuses password sign-in to a normal member but not to a break-glass admin, and keeps one break-glass admin", async () => {
    const ws = await workspaceWithConnection(db.prisma);
    const member = await addMember(db.prisma, { workspaceId: ws.workspace.id, email: `normal-${uniqueSuffix()}@sso.test`, password: PASSWORD });
    await finishSsoSignIn(db, { connection: ws.connection, bindingHash: null, identity: { email: ws.admin.userName }, purpose: "test", pending: { memberId: ws.admin.id } });
    await setMemberBreakGlass(db.sqlTransaction, { workspaceId: ws.workspace.id, actorId: ws.admin.id, memberId: ws.admin.id, breakGlass: true });
    await expect(setMemberBreakGlass(db.sqlTransaction, { workspaceId: ws.workspace.id, actorId: ws.admin.id, memberId: member.id, breakGlass: true })).rejects.toBeInstanceOf(BreakGlassError);
    expect((await signInWithPassword(db, { workspaceSlug: ws.workspace.slug, email: member.userName, password: PASSWORD })).ok).toBe(true);
    await setRequireSso(db.prisma, { workspaceId: ws.workspace.id, actorId: ws.admin.id, enabled: true });

    expect(await signInWithPassword(db, { workspaceSlug: ws.workspace.slug, email: member.userName, password: PASSWORD })).toEqual({ ok: false, reason: "sso-required" });
    // A wrong password still says only "invalid" (nothing learned without the password).
    expect(await signInWithPassword(db, { workspaceSlug: ws.workspace.slug, email: member.userName, password: "wrong wrong wrong" })).toEqual({ ok: false, reason: "invalid" });
    const failed = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, action: "member.sign_in_failed", targetId: member.id, details: { path: ["reason"], equals: "single sign-on required" } } });
    expect(failed.outcome).toBe("FAILURE");
    expect((await signInWithPassword(db, { workspaceSlug: ws.workspace.slug, email: ws.admin.userName, password: PASSWORD })).ok).toBe(true);

    await expect(setMemberBreakGlass(db.sqlTransaction, { workspaceId: ws.workspace.id, actorId: ws.admin.id, memberId: ws.admin.id, breakGlass: false })).rejects.toThrow(/last break-glass admin.*Mark another admin as break-glass or switch off Require SSO first/);
    await setRequireSso(db.prisma, { workspaceId: ws.workspace.id, actorId: ws.admin.id, enabled: false });
    expect((await signInWithPassword(db, { workspaceSlug: ws.workspace.slug, email: member.userName, password: PASSWORD })).ok).toBe(true);
  });
});
