// Starting an SSO sign-in (or a Test connection): the URL of the connection's IdP to send the
// browser to. Dispatches by protocol; both protocols store what they need as a pending request.
import type { PrismaClient, SsoConnection } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { hashBrowserBinding } from "./browser-binding";
import type { SsoPurpose } from "./pending-requests";
import { OidcFailure } from "./oidc/failures";
import { startOidcSignIn } from "./oidc/start";
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
  /** The browser-binding cookie value set with this start (./browser-binding); only its hash is stored. */
  browserBinding: string;
}

export async function startSsoSignIn(prisma: PrismaClient, connection: SsoConnection, options: StartOptions): Promise<string> {
  if (!connection.enabled && options.purpose !== "test") throw new SsoUnavailableError("Single sign-on is switched off for this workspace.");
  const bindingHash = hashBrowserBinding(options.browserBinding);
  const callbackPath = options.callbackPath && options.callbackPath.startsWith("/") && !options.callbackPath.startsWith("//") ? options.callbackPath : null;
  if (connection.protocol === "SAML") {
    if (!connection.samlSsoUrl || connection.samlCertificates.length === 0) throw new SsoUnavailableError("The SAML connection has no IdP sign-on URL or certificate yet.");
    return startSamlSignIn(prisma, connection, { ...options, callbackPath, bindingHash, clockSkewSeconds: getEnv().SSO_CLOCK_SKEW_SECONDS });
  }
  if (!connection.oidcIssuer || !connection.oidcClientId || !connection.oidcClientSecretEncrypted) throw new SsoUnavailableError("The OpenID Connect connection has no issuer, client ID or client secret yet.");
  // Discovery failed or the secret cannot be opened: say so where the sign-in was started.
  return startOidcSignIn(prisma, connection, { ...options, callbackPath, bindingHash }).catch((error: unknown) => {
    throw error instanceof OidcFailure ? new SsoUnavailableError(error.detail) : error;
  });
}
