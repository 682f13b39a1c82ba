// From a stored connection to what the relying party needs: issuer, client id and the client
// secret, opened from its sealed form only here, in memory, for the request that needs it.
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { isProduction } from "@/lib/public-url";
import { openSecret } from "../secret-box";
import { OidcFailure } from "./failures";
import type { IssuerPolicy } from "./issuer-policy";
import type { OidcClientSettings } from "./protocol";

export type OidcConnection = Pick<SsoConnection, "id" | "workspaceId" | "displayName" | "jitProvisioning" | "oidcIssuer" | "oidcClientId" | "oidcClientSecretEncrypted">;

export function currentIssuerPolicy(): IssuerPolicy {
  return { production: isProduction(), allowHttpLocalhost: getEnv().SSO_OIDC_ALLOW_HTTP_LOCALHOST === "on" };
}

export function clientSettings(connection: OidcConnection): OidcClientSettings {
  if (!connection.oidcIssuer || !connection.oidcClientId || !connection.oidcClientSecretEncrypted) {
    throw new OidcFailure("discovery-failed", "The OpenID Connect connection has no issuer, client ID or client secret yet.");
  }
  let clientSecret: string;
  try {
    clientSecret = openSecret(connection.oidcClientSecretEncrypted, connection.id);
  } catch {
    // The session secret changed since it was saved (or the row was altered): enter it again.
    throw new OidcFailure("discovery-failed", "The stored client secret cannot be decrypted (was NEXTAUTH_SECRET changed?). Enter the client secret again in Settings › SSO.");
  }
  return { issuer: connection.oidcIssuer, clientId: connection.oidcClientId, clientSecret, clockToleranceSeconds: getEnv().SSO_CLOCK_SKEW_SECONDS };
}

/**
 * The redirect URI to register at the IdP: the same for every workspace, so an admin can copy it
 * before saving the connection. The state says which connection a sign-in belongs to.
 */
export function oidcRedirectUri(origin: string): string {
  return `${origin.replace(/\/+$/, "")}/api/sso/oidc/callback`;
}

/** state = "<connection id>.<random>": a refused answer can still be recorded in the right workspace. */
export const stateFor = (connectionId: string) => `${connectionId}.`;

export function connectionIdFromState(state: string | null): string | null {
  const match = state && /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[\w-]{20,}$/i.exec(state);
  return match ? match[1].toLowerCase() : null;
}
