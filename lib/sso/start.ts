// Starting an SSO sign-in (or a Test connection): the URL of the connection's IdP to send the
// browser to. Dispatches by protocol; both protocols store what they need as a pending request.
import type { PrismaClient, SsoConnection } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import type { SsoPurpose } from "./pending-requests";
import { startSamlSignIn } from "./saml/start";

export class SsoUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsoUnavailableError";
  }
}

export interface StartOptions {
  purpose: SsoPurpose;
  /** The admin running a Test connection. */
  memberId?: string | null;
  /** Where to land after signing in (a path; next-auth's redirect callback checks it again). */
  callbackPath?: string | null;
  /** The public origin (lib/public-url): ACS URL, entity ID and redirect URI are built from it. */
  origin: string;
}

export async function startSsoSignIn(prisma: PrismaClient, connection: SsoConnection, options: StartOptions): Promise<string> {
  if (!connection.enabled && options.purpose !== "test") throw new SsoUnavailableError("Single sign-on is switched off for this workspace.");
  const callbackPath = options.callbackPath && options.callbackPath.startsWith("/") && !options.callbackPath.startsWith("//") ? options.callbackPath : null;
  if (connection.protocol === "SAML") {
    if (!connection.samlSsoUrl || connection.samlCertificates.length === 0) throw new SsoUnavailableError("The SAML connection has no IdP sign-on URL or certificate yet.");
    return startSamlSignIn(prisma, connection, { ...options, callbackPath, clockSkewSeconds: getEnv().SSO_CLOCK_SKEW_SECONDS });
  }
  // sso-oidc replaces this line with: return startOidcSignIn(prisma, connection, { ...options, callbackPath });
  throw new SsoUnavailableError("OpenID Connect sign-in is not available in this build.");
}
