import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { finishSsoSignIn } from "./finish";
import { hashBrowserBinding, newBrowserBinding } from "./browser-binding";
import { redeemSignInCode } from "./sign-in-code";

const BINDING = newBrowserBinding();
import { workspaceWithConnection } from "./testing";

const codeOf = (redirectTo: string) => new URLSearchParams(redirectTo.split("#")[1]).get("code")!;

describe(`finishSsoSignIn (${testEngine})`, () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;
  let b: Awaited<ReturnType<typeof workspaceWithConnection>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await workspaceWithConnection(db.prisma);
    b = await workspaceWithConnection(db.prisma);
  });
  afterAll(async () => db?.close());

  const refusals = (workspaceId: string) => db.prisma.auditEvent.findMany({ where: { workspaceId, action: "sso.refused" }, orderBy: { createdAt: "asc" } });

  it("activates an INVITED member on the first SSO sign-in (same events as a password sign-in) and ends with a one-time code", async () => {
    const email = `Invited-${uniqueSuffix()}@sso.test`;
    const m = await addMember(db.prisma, { workspaceId: a.workspace.id, email, status: "INVITED", password: null });
    const { redirectTo } = await finishSsoSignIn(db, { connection: a.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email: email.toLowerCase() }, purpose: "sign-in", pending: { callbackPath: "/members" } });
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=[A-Za-z0-9_-]{43}&to=%2Fmembers$/);
    const row = await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(row.status).toBe("ACTIVE");
    expect(row.activatedAt).not.toBeNull();
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: m.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, (e.details as { via?: string }).via])).toEqual([["member.activated", "sso"], ["member.signed_in", "sso"]]);
    expect(await redeemSignInCode(db.prisma, codeOf(redirectTo), BINDING)).toMatchObject({ ok: true, member: { id: m.id, workspaceId: a.workspace.id } });
  });

  it("matches only a member of the connection's own workspace", async () => {
    const email = `only-b-${uniqueSuffix()}@sso.test`;
    await addMember(db.prisma, { workspaceId: b.workspace.id, email });
    const { redirectTo } = await finishSsoSignIn(db, { connection: a.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email }, purpose: "sign-in" });
    expect(redirectTo).toBe("/sign-in/refused?reason=unknown-member");
    const [event] = (await refusals(a.workspace.id)).filter((e) => e.targetLabel === email);
    expect(event).toMatchObject({ outcome: "FAILURE", targetType: "SsoConnection" });
    expect(event.details).toMatchObject({ reason: "unknown-member", email });
  });

  it("refuses a DISABLED member with its own reason, and changes nothing", async () => {
    const m = await addMember(db.prisma, { workspaceId: a.workspace.id, email: `disabled-${uniqueSuffix()}@sso.test`, status: "DISABLED" });
    const { redirectTo } = await finishSsoSignIn(db, { connection: a.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email: m.userName }, purpose: "sign-in", requestId: "req-1" });
    expect(redirectTo).toBe("/sign-in/refused?reason=member-disabled&ref=req-1");
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } })).lastSignInAt).toBeNull();
    expect(await db.prisma.ssoSignInCode.count({ where: { memberId: m.id } })).toBe(0);
  });

  it("refuses an identity without an email", async () => {
    const { redirectTo } = await finishSsoSignIn(db, { connection: a.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email: "not an email" }, purpose: "sign-in" });
    expect(redirectTo).toBe("/sign-in/refused?reason=missing-email");
  });

  it("creates an unknown person ACTIVE with the default role when JIT is on, without an invitation", async () => {
    const jit = await workspaceWithConnection(db.prisma, { jit: true });
    const email = `jit-${uniqueSuffix()}@sso.test`;
    const { redirectTo } = await finishSsoSignIn(db, { connection: jit.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email, givenName: "Jit", familyName: "Person" }, purpose: "sign-in" });
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=/);
    const row = await db.prisma.member.findFirstOrThrow({ where: { workspaceId: jit.workspace.id, userName: email } });
    expect(row).toMatchObject({ status: "ACTIVE", role: "VIEWER", givenName: "Jit", familyName: "Person", displayName: "Jit Person" });
    expect(await db.prisma.invitation.count({ where: { memberId: row.id } })).toBe(0);
    const actions = (await db.prisma.auditEvent.findMany({ where: { targetId: row.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["member.created", "member.activated", "member.signed_in"]);
  });

  it("a Test connection records what came back and signs nobody in", async () => {
    const m = await addMember(db.prisma, { workspaceId: a.workspace.id, email: `tested-${uniqueSuffix()}@sso.test`, status: "INVITED" });
    const { redirectTo } = await finishSsoSignIn(db, {
      connection: a.connection, bindingHash: hashBrowserBinding(BINDING),
      identity: { email: m.userName, givenName: "Ada", familyName: "Lovelace", groups: ["Engineering"] },
      purpose: "test",
      pending: { memberId: a.admin.id },
    });
    expect(redirectTo).toBe("/settings/sso?test=ok#test-result");
    const connection = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: a.connection.id } });
    expect(connection.lastTestResult).toMatchObject({ ok: true, email: m.userName, givenName: "Ada", groups: ["Engineering"], testedBy: a.admin.id, member: { status: "INVITED" } });
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("INVITED");
    expect(await db.prisma.ssoSignInCode.count({ where: { memberId: m.id } })).toBe(0);
  });

  it("a refused Test connection records the exact reason on the connection", async () => {
    const { redirectTo } = await finishSsoSignIn(db, { connection: a.connection, bindingHash: hashBrowserBinding(BINDING), identity: { email: "" }, purpose: "test", pending: { memberId: a.admin.id } });
    expect(redirectTo).toBe("/settings/sso?test=failed#test-result");
    const connection = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: a.connection.id } });
    expect(connection.lastTestResult).toMatchObject({ ok: false, reason: "missing-email", testedBy: a.admin.id });
  });
});
