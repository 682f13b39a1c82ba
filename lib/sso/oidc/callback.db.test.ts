// OpenID Connect sign-in end to end below the browser, on both engines: Roster's start and
// callback against the dev IdP's real OpenID provider (real discovery, real signed tokens, the
// library's own verification), the pending request in the database, finishSsoSignIn, the member
// lifecycle. Each refusal must be refused, audited as `sso.refused` with its reason, leave the
// member untouched, and send the person to the refusal page.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestOidcProvider } from "@/dev-idp/oidc-testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { openTestDatabase } from "@/lib/db/testing";
import type { Database } from "@/lib/db/engines";
import { createWorkspace } from "@/lib/workspaces";
import { getConnection, saveConnection, type SsoConnection } from "../connections";
import { hashBrowserBinding, newBrowserBinding } from "../browser-binding";
import { redeemSignInCode } from "../sign-in-code";
import { completeOidcSignIn } from "./callback";
import { clearDiscoveryCache } from "./protocol";
import { startOidcSignIn } from "./start";

const ORIGIN = "http://localhost:3998";
/** The browser-binding cookie of "the browser" that starts every sign-in here (lib/sso/browser-binding). */
const BINDING = newBrowserBinding();
const BOUND = { bindingHash: hashBrowserBinding(BINDING) };
const CLIENT_SECRET = `oidc-secret-${uniqueSuffix()}-do-not-leak`;
const client = { clientId: "roster-callback-test", clientSecret: CLIENT_SECRET, redirectUris: [`${ORIGIN}/api/sso/oidc/callback`] };

let db: Database;
let idp: Awaited<ReturnType<typeof startTestOidcProvider>>;

beforeAll(async () => {
  db = await openTestDatabase();
  idp = await startTestOidcProvider({ clients: [client] });
});
afterAll(async () => {
  await idp?.close();
  await db?.close();
});
afterEach(() => {
  idp.tamperIdTokens(null);
  clearDiscoveryCache();
});

async function workspaceWithOidc(options: { secret?: string } = {}) {
  const suffix = uniqueSuffix();
  const { workspace, admin } = await createWorkspace(db.prisma, {
    name: `OIDC ${suffix}`,
    adminEmail: `admin-${suffix}@oidc.test`,
    adminPassword: "correct horse battery",
    adminName: { givenName: "Admin", familyName: suffix },
  } as Parameters<typeof createWorkspace>[1]);
  await saveConnection(db.prisma, {
    workspaceId: workspace.id,
    actorId: admin.id,
    input: { protocol: "OIDC", displayName: "Dev IdP (OIDC)", oidcIssuer: idp.issuer, oidcClientId: client.clientId, oidcClientSecret: options.secret ?? CLIENT_SECRET },
  });
  const connection = (await db.prisma.ssoConnection.findUnique({ where: { workspaceId: workspace.id } })) as SsoConnection;
  // A SCIM-provisioned person who has not signed in yet: INVITED.
  const member = await addMember(db.prisma, { workspaceId: workspace.id, email: "Ada@Example.com", status: "INVITED" });
  return { workspace, admin, connection, member };
}

async function answerFor(connection: SsoConnection, options: { email?: string; purpose?: "sign-in" | "test"; memberId?: string } = {}) {
  const url = await startOidcSignIn(db.prisma, connection, { purpose: options.purpose ?? "sign-in", memberId: options.memberId, origin: ORIGIN, callbackPath: "/account", ...BOUND });
  const back = await idp.signInWithoutBrowser(url, options.email ?? "ada@example.com");
  expect(back.origin + back.pathname).toBe(`${ORIGIN}/api/sso/oidc/callback`);
  return back.searchParams;
}

async function refusals(workspaceId: string) {
  const events = await db.prisma.auditEvent.findMany({ where: { workspaceId, action: "sso.refused" }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.details as { reason: string; detail: string; purpose: string });
}

async function memberStatus(id: string) {
  return (await db.prisma.member.findUniqueOrThrow({ where: { id } })).status;
}

describe("OpenID Connect sign-in (start → dev IdP → callback → finishSsoSignIn)", () => {
  it("signs an Invited member in through the IdP and makes them Active, with a one-time code for the session", async () => {
    const { workspace, connection, member } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    expect(answer.get("state")).toMatch(new RegExp(`^${connection.id}\\.`));
    const { redirectTo } = await completeOidcSignIn(db, { query: answer, requestId: "req-oidc-ok", browserBinding: BINDING });
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=/);
    const after = await db.prisma.member.findUniqueOrThrow({ where: { id: member.id } });
    expect(after.status).toBe("ACTIVE");
    expect(after.activatedAt).toBeInstanceOf(Date);
    const code = new URLSearchParams(redirectTo.split("#")[1]).get("code")!;
    expect(await redeemSignInCode(db.prisma, code, BINDING)).toMatchObject({ ok: true, member: { id: member.id, workspaceId: workspace.id, status: "ACTIVE", callbackPath: "/account" } });
    expect(await refusals(workspace.id)).toEqual([]);
  });

  it("refuses an answer whose state was altered", async () => {
    const { workspace, connection, member } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    answer.set("state", `${connection.id}.${"A".repeat(43)}`);
    const { redirectTo } = await completeOidcSignIn(db, { query: answer, browserBinding: BINDING });
    expect(redirectTo).toBe("/sign-in/refused?reason=oidc-state");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-state", detail: expect.stringContaining("No pending sign-in") }]);
    expect(await memberStatus(member.id)).toBe("INVITED");
  });

  it("refuses an ID token whose nonce is not the sign-in's", async () => {
    const { workspace, connection, member } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    // The pending sign-in expects another nonce than the one the IdP put in the token: the token
    // was obtained for another sign-in.
    await db.prisma.$executeRaw`UPDATE "SsoPendingRequest" SET "data" = jsonb_set("data", '{nonce}', '"nonce-of-another-sign-in"') WHERE "id" = ${answer.get("state")}`;
    const { redirectTo } = await completeOidcSignIn(db, { query: answer, browserBinding: BINDING });
    expect(redirectTo).toBe("/sign-in/refused?reason=oidc-nonce");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-nonce" }]);
    expect(await memberStatus(member.id)).toBe("INVITED");
  });

  it("refuses when the PKCE verifier does not match the challenge sent (the IdP refuses the code)", async () => {
    const { workspace, connection, member } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    await db.prisma.$executeRaw`UPDATE "SsoPendingRequest" SET "data" = jsonb_set("data", '{codeVerifier}', to_jsonb(repeat('v', 43))) WHERE "id" = ${answer.get("state")}`;
    const { redirectTo } = await completeOidcSignIn(db, { query: answer, browserBinding: BINDING });
    expect(redirectTo).toBe("/sign-in/refused?reason=oidc-pkce");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-pkce", detail: expect.stringContaining("invalid_grant") }]);
    expect(await memberStatus(member.id)).toBe("INVITED");
  });

  it.each([
    ["another issuer", { iss: "https://evil.example.com/oidc" }, "oidc-issuer"],
    ["another audience (client id)", { aud: "someone-elses-client" }, "oidc-audience"],
    ["an expiry in the past", { iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 600 }, "oidc-token"],
  ])("refuses an ID token with %s, signed by the IdP's own key", async (_label, claims, reason) => {
    const { workspace, connection, member } = await workspaceWithOidc();
    idp.tamperIdTokens(claims);
    const answer = await answerFor(connection);
    const { redirectTo } = await completeOidcSignIn(db, { query: answer, browserBinding: BINDING });
    expect(redirectTo).toBe(`/sign-in/refused?reason=${reason}`);
    const [refusal] = await refusals(workspace.id);
    expect(refusal.reason).toBe(reason);
    if (reason === "oidc-token") expect(refusal.detail).toMatch(/expired/);
    expect(await memberStatus(member.id)).toBe("INVITED");
  });

  it("accepts each answer once: a replayed callback is refused (the pending request is taken once)", async () => {
    const { workspace, connection } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toMatch(/^\/sign-in\/sso#code=/);
    expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toBe("/sign-in/refused?reason=oidc-state");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-state" }]);
    expect(await db.prisma.ssoSignInCode.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("refuses an error answer from the IdP (e.g. the person is not assigned to the app)", async () => {
    const { workspace, connection } = await workspaceWithOidc();
    const answer = await answerFor(connection);
    const error = new URLSearchParams({ error: "access_denied", error_description: "User is not assigned to the application", state: answer.get("state")!, iss: idp.issuer });
    expect((await completeOidcSignIn(db, { query: error, browserBinding: BINDING })).redirectTo).toBe("/sign-in/refused?reason=idp-error");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "idp-error", detail: expect.stringContaining("not assigned") }]);
  });

  it("refuses with a clear reason when the IdP cannot be reached at the token endpoint", async () => {
    const down = await startTestOidcProvider({ clients: [client] });
    const suffix = uniqueSuffix();
    const { workspace, admin } = await createWorkspace(db.prisma, { name: `OIDC down ${suffix}`, adminEmail: `admin-${suffix}@oidc.test`, adminPassword: "correct horse battery", adminName: { givenName: "Admin", familyName: suffix } } as Parameters<typeof createWorkspace>[1]);
    await saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { protocol: "OIDC", displayName: "Down", oidcIssuer: down.issuer, oidcClientId: client.clientId, oidcClientSecret: CLIENT_SECRET } });
    const connection = (await db.prisma.ssoConnection.findUnique({ where: { workspaceId: workspace.id } })) as SsoConnection;
    const url = await startOidcSignIn(db.prisma, connection, { purpose: "sign-in", origin: ORIGIN, ...BOUND });
    const answer = await down.signInWithoutBrowser(url, "ada@example.com");
    await down.close();
    expect((await completeOidcSignIn(db, { query: answer.searchParams, browserBinding: BINDING })).redirectTo).toBe("/sign-in/refused?reason=oidc-discovery");
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-discovery", detail: expect.stringContaining("could not reach") }]);
  });

  it("Test connection with a wrong client secret names it (the IdP answers invalid_client)", async () => {
    const { connection, admin, workspace } = await workspaceWithOidc({ secret: "not-the-secret-the-idp-knows" });
    const answer = await answerFor(connection, { purpose: "test", memberId: admin.id });
    expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toMatch(/^\/settings\/sso\?test=failed/);
    const tested = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(tested.lastTestResult).toMatchObject({ ok: false, reason: "oidc-client", detail: expect.stringContaining("invalid_client") });
    expect(await refusals(workspace.id)).toMatchObject([{ reason: "oidc-client", purpose: "test" }]);
  });

  it("login CSRF: refuses an answer brought back by another browser (no cookie, or another one) before redeeming the IdP's code", async () => {
    const { workspace, connection, member } = await workspaceWithOidc();
    for (const other of [null, newBrowserBinding()]) {
      const answer = await answerFor(connection);
      expect((await completeOidcSignIn(db, { query: answer, browserBinding: other })).redirectTo).toBe("/sign-in/refused?reason=browser-mismatch");
      // The pending request is used up: the right browser cannot finish it afterwards either.
      expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toBe("/sign-in/refused?reason=oidc-state");
    }
    expect(await memberStatus(member.id)).toBe("INVITED");
    expect(await db.prisma.ssoSignInCode.count({ where: { memberId: member.id } })).toBe(0);
    expect((await refusals(workspace.id)).map((r) => r.reason)).toEqual(["browser-mismatch", "oidc-state", "browser-mismatch", "oidc-state"]);
    expect((await refusals(workspace.id))[0].detail).toMatch(/no sign-in cookie/);
    expect((await refusals(workspace.id))[2].detail).toMatch(/not the one set when this sign-in started/);
  });

  it("the code an OIDC sign-in ends with is bound to the same browser", async () => {
    const { connection, member } = await workspaceWithOidc();
    const { redirectTo } = await completeOidcSignIn(db, { query: await answerFor(connection), browserBinding: BINDING });
    const code = new URLSearchParams(redirectTo.split("#")[1]).get("code")!;
    expect(await redeemSignInCode(db.prisma, code, newBrowserBinding())).toMatchObject({ ok: false, reason: "browser-mismatch", memberId: member.id });
  });

  it("refuses a state that names no connection, without recording it anywhere", async () => {
    const before = await db.prisma.auditEvent.count({ where: { action: "sso.refused" } });
    expect((await completeOidcSignIn(db, { query: new URLSearchParams({ code: "x", state: "made-up" }), browserBinding: BINDING })).redirectTo).toBe("/sign-in/refused?reason=oidc-state");
    expect(await db.prisma.auditEvent.count({ where: { action: "sso.refused" } })).toBe(before);
  });

  it("Test connection records what came back instead of signing in", async () => {
    const { connection, admin, member } = await workspaceWithOidc();
    const answer = await answerFor(connection, { purpose: "test", memberId: admin.id, email: "grace@example.com" });
    expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toMatch(/^\/settings\/sso\?test=ok/);
    const tested = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(tested.lastTestResult).toMatchObject({ ok: true, email: "grace@example.com", givenName: "Grace", familyName: "Hopper", groups: ["Engineering", "Admins"] });
    expect(await memberStatus(member.id)).toBe("INVITED");
  });

  it("Test connection records the exact reason of a refusal", async () => {
    const { connection, admin } = await workspaceWithOidc();
    idp.tamperIdTokens({ aud: "someone-elses-client" });
    const answer = await answerFor(connection, { purpose: "test", memberId: admin.id });
    expect((await completeOidcSignIn(db, { query: answer, browserBinding: BINDING })).redirectTo).toMatch(/^\/settings\/sso\?test=failed/);
    const tested = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(tested.lastTestResult).toMatchObject({ ok: false, reason: "oidc-audience" });
  });

  it("keeps the client secret encrypted at rest, out of what pages see, out of audit events and out of the logs", async () => {
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "))),
    );
    try {
      const { workspace, connection } = await workspaceWithOidc();
      // A sign-in that works, one the IdP refuses (token endpoint) and a Test connection.
      await completeOidcSignIn(db, { query: await answerFor(connection), browserBinding: BINDING });
      const answer = await answerFor(connection);
      await db.prisma.$executeRaw`UPDATE "SsoPendingRequest" SET "data" = jsonb_set("data", '{codeVerifier}', to_jsonb(repeat('w', 43))) WHERE "id" = ${answer.get("state")}`;
      await completeOidcSignIn(db, { query: answer, browserBinding: BINDING });

      const row = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: connection.id } });
      expect(row.oidcClientSecretEncrypted).toBeTruthy();
      expect(row.oidcClientSecretEncrypted).not.toContain(CLIENT_SECRET);
      expect(Buffer.from(row.oidcClientSecretEncrypted!, "base64").toString("latin1")).not.toContain(CLIENT_SECRET);
      const view = await getConnection(db.prisma, workspace.id);
      expect(view).toMatchObject({ hasClientSecret: true });
      expect(JSON.stringify(view)).not.toContain(CLIENT_SECRET);
      expect(JSON.stringify(view)).not.toContain(row.oidcClientSecretEncrypted);
      const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id } });
      expect(events.length).toBeGreaterThan(2);
      expect(JSON.stringify(events)).not.toContain(CLIENT_SECRET);
      const pending = await db.prisma.ssoPendingRequest.findMany({ where: { workspaceId: workspace.id } });
      expect(JSON.stringify(pending)).not.toContain(CLIENT_SECRET);
      expect(logged.join("\n")).not.toContain(CLIENT_SECRET);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it("a secret sealed for another connection does not open (the row cannot be copied between connections)", async () => {
    const first = await workspaceWithOidc();
    const second = await workspaceWithOidc({ secret: "another-secret-entirely-0000" });
    await db.prisma.ssoConnection.update({ where: { id: second.connection.id }, data: { oidcClientSecretEncrypted: first.connection.oidcClientSecretEncrypted } });
    const moved = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: second.connection.id } });
    await expect(startOidcSignIn(db.prisma, moved, { purpose: "sign-in", origin: ORIGIN })).rejects.toMatchObject({ kind: "discovery-failed", detail: expect.stringContaining("cannot be decrypted") });
  });
});
