// SSO entry points for route handlers and pages, on the process database (app/ never holds the
// Prisma client). Each takes the public origin the caller computed (lib/public-url).
import { randomUUID } from "node:crypto";
import { getDatabase, getPrisma, onAppDatabase, onAppTransactions } from "@/lib/db";
import { setMemberBreakGlass } from "@/lib/lifecycle";
import { setRequireSso } from "./require-sso";
import { getEnv } from "@/lib/env";
import { deleteConnection as deleteConnectionOn, findConnectionById, getConnection as getConnectionOn, saveConnection as saveConnectionOn, ssoRouteForEmail } from "./connections";
import { consumeSamlResponse } from "./saml/acs";
import { serviceProvider } from "./saml/service-provider";
import { startSsoSignIn, SsoUnavailableError } from "./start";
import { newBrowserBinding } from "./browser-binding";
import { redeemSignInCodeOrRefuse, type CodeRedemption } from "./sign-in-code";

export const getSsoConnection = onAppDatabase(getConnectionOn);
export const saveSsoConnection = onAppDatabase(saveConnectionOn);
export const deleteSsoConnection = onAppDatabase(deleteConnectionOn);
export const setWorkspaceRequireSso = onAppDatabase(setRequireSso);
export const setBreakGlass = onAppTransactions(setMemberBreakGlass);

/** What Settings › SSO shows besides the connection: Require SSO and the admins (break-glass or not). */
export async function getSsoSettings(workspaceId: string) {
  const prisma = await getPrisma();
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { requireSso: true } });
  const admins = await prisma.member.findMany({
    where: { workspaceId, role: "ADMIN", status: "ACTIVE" },
    select: { id: true, userName: true, displayName: true, breakGlass: true },
    orderBy: { userName: "asc" },
  });
  return { requireSso: workspace.requireSso, admins };
}

/** Email-first sign-in: does this email sign in through an IdP — one, or several (ambiguous)? Nothing about which workspace. */
export async function ssoRouteKindForEmail(email: string): Promise<"sso" | "sso-ambiguous" | "password"> {
  const route = await ssoRouteForEmail((await getDatabase()).prisma, email);
  return !route ? "password" : "ambiguous" in route ? "sso-ambiguous" : "sso";
}

/** /sign-in/<slug>: the workspace's enabled connection's name, for "Sign in with <IdP>". */
export async function workspaceSsoName(workspaceSlug: string): Promise<string | null> {
  const workspace = await (await getDatabase()).prisma.workspace.findUnique({
    where: { slug: workspaceSlug.trim().toLowerCase() },
    select: { ssoConnection: { select: { displayName: true, enabled: true } } },
  });
  return workspace?.ssoConnection?.enabled ? workspace.ssoConnection.displayName : null;
}

/** POST /api/sso/saml/acs/<id>: null when there is no such SAML connection (404). */
export async function handleSamlAcs(connectionId: string, samlResponse: string, origin: string): Promise<{ redirectTo: string; browserBinding?: string } | null> {
  const db = await getDatabase();
  const connection = await findConnectionById(db.prisma, connectionId);
  if (!connection || connection.protocol !== "SAML") return null;
  return consumeSamlResponse(db, { connection, samlResponse, origin, clockSkewSeconds: getEnv().SSO_CLOCK_SKEW_SECONDS, requestId: randomUUID() });
}

/** GET /api/sso/saml/metadata/<id>: the SP metadata XML, or null (404). */
export async function samlServiceProviderMetadata(connectionId: string, origin: string): Promise<string | null> {
  const connection = await findConnectionById((await getDatabase()).prisma, connectionId);
  if (!connection || connection.protocol !== "SAML") return null;
  return serviceProvider(connection, origin, { clockSkewSeconds: getEnv().SSO_CLOCK_SKEW_SECONDS }).generateServiceProviderMetadata(null, null);
}

/**
 * "idp": send the browser to `url`, with the browser-binding cookie `browserBinding` set on that
 * redirect (./browser-binding: the sign-in is finished only in this browser).
 */
export type SsoStart = { kind: "idp"; url: string; browserBinding: string } | { kind: "password" } | { kind: "ambiguous" } | { kind: "unavailable"; message: string };

/**
 * Email-first sign-in: the IdP URL for this email's connection, or "password". Says nothing about
 * which workspace (an anonymous visitor learns only "SSO" or "password").
 */
export async function startSsoForEmail(email: string, options: { origin: string; callbackPath?: string | null }): Promise<SsoStart> {
  const db = await getDatabase();
  const route = await ssoRouteForEmail(db.prisma, email);
  if (!route) return { kind: "password" };
  if ("ambiguous" in route) return { kind: "ambiguous" };
  return startFor(route.connectionId, options);
}

/** /sign-in/<slug> "Sign in with <IdP>": the workspace's enabled connection, if any. */
export async function startSsoForWorkspace(workspaceSlug: string, options: { origin: string; callbackPath?: string | null }): Promise<SsoStart> {
  const db = await getDatabase();
  const workspace = await db.prisma.workspace.findUnique({ where: { slug: workspaceSlug.trim().toLowerCase() }, select: { ssoConnection: { select: { id: true, enabled: true } } } });
  if (!workspace?.ssoConnection?.enabled) return { kind: "password" };
  return startFor(workspace.ssoConnection.id, options);
}

/** Settings › SSO "Test connection": a real round trip that ends on the settings page, not in a session. */
export async function startSsoTest(admin: { id: string; workspaceId: string }, origin: string): Promise<SsoStart> {
  const db = await getDatabase();
  const connection = await db.prisma.ssoConnection.findUnique({ where: { workspaceId: admin.workspaceId } });
  if (!connection) return { kind: "unavailable", message: "Save a connection first." };
  try {
    const browserBinding = newBrowserBinding();
    return { kind: "idp", url: await startSsoSignIn(db.prisma, connection, { purpose: "test", memberId: admin.id, origin, browserBinding }), browserBinding };
  } catch (error) {
    if (error instanceof SsoUnavailableError) return { kind: "unavailable", message: error.message };
    throw error;
  }
}

async function startFor(connectionId: string, options: { origin: string; callbackPath?: string | null }): Promise<SsoStart> {
  const db = await getDatabase();
  const connection = await findConnectionById(db.prisma, connectionId);
  if (!connection) return { kind: "password" };
  try {
    const browserBinding = newBrowserBinding();
    return { kind: "idp", url: await startSsoSignIn(db.prisma, connection, { purpose: "sign-in", origin: options.origin, callbackPath: options.callbackPath, browserBinding }), browserBinding };
  } catch (error) {
    if (error instanceof SsoUnavailableError) return { kind: "unavailable", message: error.message };
    throw error;
  }
}

/** next-auth's "sso" provider: redeem a one-time code in the browser presenting `browserBinding` (./sign-in-code). */
export async function redeemSsoSignInCode(code: string, browserBinding: string | null, requestId: string = randomUUID()): Promise<CodeRedemption> {
  return redeemSignInCodeOrRefuse((await getDatabase()).prisma, code, browserBinding, requestId);
}
