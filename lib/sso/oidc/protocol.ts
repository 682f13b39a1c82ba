// The OpenID Connect relying party on openid-client 6, without storage: discovery (cached per
// issuer and client, refreshed), the authorization URL with PKCE (S256), state and nonce, and the
// redemption of the answer — the library checks state, the issuer of the answer (RFC 9207), the
// code at the token endpoint with the PKCE verifier, and the ID token's signature, issuer,
// audience, expiry and nonce. Storage of the pending sign-in and the session are start.ts and
// callback.ts.
import { createHash } from "node:crypto";
import * as client from "openid-client";
import { identityFromClaims, type OidcIdentity } from "./claims";
import { classifyOidcError, OidcFailure } from "./failures";
import { checkIssuerUrl, type IssuerPolicy } from "./issuer-policy";

export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How far apart the clocks may be when checking the ID token's exp/iat/nbf (SSO_CLOCK_SKEW_SECONDS). */
  clockToleranceSeconds?: number;
}

/** What a sign-in must remember between the redirect to the IdP and the answer. */
export interface OidcAuthorizationState {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

export const OIDC_SCOPES = "openid email profile";
/** How long discovered metadata is reused before it is fetched again (key rotation, new endpoints). */
export const DISCOVERY_TTL_MS = 10 * 60_000;
const REQUEST_TIMEOUT_SECONDS = 10;

interface CachedConfiguration {
  configuration: Promise<client.Configuration>;
  fetchedAt: number;
}

const discoveryCache = new Map<string, CachedConfiguration>();

/** Discovered issuer + client, shared by every sign-in with the same settings for DISCOVERY_TTL_MS. */
export async function oidcConfiguration(settings: OidcClientSettings, policy: IssuerPolicy, now = Date.now()): Promise<client.Configuration> {
  const checked = checkIssuerUrl(settings.issuer, policy);
  if (!checked.ok) throw new OidcFailure("discovery-failed", checked.problem);
  // The secret is part of the key (hashed) so a changed secret is used at once.
  const tolerance = settings.clockToleranceSeconds ?? 30;
  const key = [checked.url.href, settings.clientId, createHash("sha256").update(settings.clientSecret).digest("base64url"), tolerance].join("\n");
  const cached = discoveryCache.get(key);
  if (cached && now - cached.fetchedAt < DISCOVERY_TTL_MS) return cached.configuration;

  const configuration = client
    .discovery(checked.url, settings.clientId, { client_secret: settings.clientSecret, [client.clockTolerance]: tolerance }, client.ClientSecretBasic(settings.clientSecret), {
      execute: checked.plainHttp ? [client.allowInsecureRequests] : [],
      timeout: REQUEST_TIMEOUT_SECONDS,
    })
    .catch((error: unknown) => {
      discoveryCache.delete(key); // the next sign-in tries again instead of reusing a failure
      const failure = classifyOidcError(error);
      throw new OidcFailure("discovery-failed", `Could not read the OpenID configuration of ${checked.url.href}: ${failure.detail}`);
    });
  discoveryCache.set(key, { configuration, fetchedAt: now });
  return configuration;
}

/** For tests: forget every discovered configuration. */
export function clearDiscoveryCache(): void {
  discoveryCache.clear();
}

export async function beginAuthorization(
  configuration: client.Configuration,
  redirectUri: string,
  options: { loginHint?: string; statePrefix?: string } = {},
): Promise<{ url: URL; authorization: OidcAuthorizationState }> {
  const authorization: OidcAuthorizationState = {
    // The random part alone is the unguessable state; a prefix only says where it belongs.
    state: `${options.statePrefix ?? ""}${client.randomState()}`,
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    redirectUri,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: OIDC_SCOPES,
    response_type: "code",
    code_challenge: await client.calculatePKCECodeChallenge(authorization.codeVerifier),
    code_challenge_method: "S256",
    state: authorization.state,
    nonce: authorization.nonce,
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  });
  return { url, authorization };
}

export interface RedeemedSignIn {
  identity: OidcIdentity;
  subject: string;
  /** The ID token's claims (for Test connection's report; never contains the tokens themselves). */
  claims: Record<string, unknown>;
  usedUserinfo: boolean;
}

/**
 * Checks the IdP's answer (the query of the request to the redirect URI) against the pending
 * sign-in and exchanges the code. Throws OidcFailure naming the check that failed.
 */
export async function redeemAuthorizationResponse(
  configuration: client.Configuration,
  answer: URLSearchParams,
  expected: OidcAuthorizationState,
): Promise<RedeemedSignIn> {
  // The redirect URI the code was issued for, not the URL this instance was reached at (a proxy
  // in front may rewrite host and scheme).
  const currentUrl = new URL(expected.redirectUri);
  currentUrl.search = answer.toString();
  try {
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new OidcFailure("token-invalid", "The identity provider returned no ID token.");
    let identity = identityFromClaims(claims);
    let usedUserinfo = false;
    if (!identity.ok && tokens.access_token) {
      // Providers that follow the spec's default put profile claims at userinfo only.
      const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      identity = identityFromClaims(claims, userinfo);
      usedUserinfo = true;
    }
    if (!identity.ok) throw new OidcFailure("no-email", identity.problem);
    return { identity: identity.identity, subject: claims.sub, claims: { ...claims }, usedUserinfo };
  } catch (error) {
    throw classifyOidcError(error);
  }
}
