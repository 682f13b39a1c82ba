// Why an OpenID Connect sign-in was refused, in words an admin can act on. The library
// (openid-client / oauth4webapi) does every check; this only names the check that failed, from
// the error codes and the claim it reports — never by guessing from a stack trace.

export type OidcFailureKind =
  | "state-mismatch" // no pending sign-in with this state: forged, expired, or already used (replay)
  | "nonce-mismatch"
  | "code-rejected" // the token endpoint refused the code: PKCE verifier, reused/expired code, redirect URI
  | "client-rejected" // the token endpoint refused Roster's client id / secret
  | "issuer-mismatch"
  | "audience-mismatch"
  | "token-expired"
  | "token-invalid"
  | "idp-error" // the IdP answered the authorization request with an error (e.g. access_denied)
  | "no-email"
  | "discovery-failed";

export class OidcFailure extends Error {
  constructor(
    readonly kind: OidcFailureKind,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "OidcFailure";
  }
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** The error and its causes, outermost first (openid-client wraps oauth4webapi's errors). */
function chain(error: unknown): ErrorLike[] {
  const links: ErrorLike[] = [];
  let current: unknown = error;
  while (current && typeof current === "object" && links.length < 5) {
    links.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return links;
}

const str = (value: unknown) => (typeof value === "string" ? value : undefined);

export function classifyOidcError(error: unknown): OidcFailure {
  if (error instanceof OidcFailure) return error;
  const links = chain(error);
  const codes = new Set(links.map((link) => str(link.code)).filter(Boolean));
  const claim = links.map((link) => str((link as { claim?: unknown }).claim)).find(Boolean);
  const messages = links.map((link) => str(link.message)).filter(Boolean) as string[];
  const message = messages.find((m) => !/^(unexpected JWT claim value encountered|invalid response encountered)$/.test(m)) ?? messages[0] ?? "unknown error";

  // The IdP could not be reached at all (down, DNS, TLS, timeout): nothing was checked.
  if (links.some((link) => (link as { name?: unknown }).name === "TimeoutError" || (link as { name?: unknown }).name === "AbortError" || /^(fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET)/.test(String(link.code ?? link.message ?? "")))) {
    return new OidcFailure("discovery-failed", `Roster could not reach the identity provider (${message}).`);
  }
  // An error the IdP returned, at the redirect (authorization response) or at the token endpoint.
  const oauthError = links.find((link) => str(link.error));
  if (codes.has("OAUTH_AUTHORIZATION_RESPONSE_ERROR") && oauthError) {
    return new OidcFailure("idp-error", `The identity provider answered ${str(oauthError.error)}${describe(oauthError)}.`);
  }
  // A 401 from the token endpoint comes as a WWW-Authenticate challenge (cause: the parsed challenges).
  const challenged = links.find((link) => link.code === "OAUTH_WWW_AUTHENTICATE_CHALLENGE");
  const challengeError = Array.isArray(challenged?.cause)
    ? (challenged.cause as { parameters?: { error?: unknown; error_description?: unknown } }[]).map((c) => c.parameters).find((p) => str(p?.error))
    : undefined;
  if (challenged && (!challengeError || challengeError.error === "invalid_client")) {
    return new OidcFailure(
      "client-rejected",
      `The identity provider did not accept Roster's client ID and secret (invalid_client${challengeError ? describe(challengeError) : ""}): check them in Settings › SSO — the secret may have expired.`,
    );
  }
  if (codes.has("OAUTH_RESPONSE_BODY_ERROR") && str(oauthError?.error) === "invalid_client") {
    return new OidcFailure(
      "client-rejected",
      `The identity provider did not accept Roster's client ID and secret (invalid_client${describe(oauthError!)}): check them in Settings › SSO — the secret may have expired.`,
    );
  }
  if (codes.has("OAUTH_RESPONSE_BODY_ERROR") && oauthError) {
    return new OidcFailure(
      "code-rejected",
      `The identity provider's token endpoint refused the authorization code (${str(oauthError.error)}${describe(oauthError)}): ` +
        "the PKCE code verifier does not match, the code was already used or expired, or the client id, secret or redirect URI is wrong.",
    );
  }
  if (codes.has("OAUTH_JWT_CLAIM_COMPARISON_FAILED")) {
    if (claim === "iss") return new OidcFailure("issuer-mismatch", `The ID token was issued by another issuer than the one configured (${message}).`);
    if (claim === "aud" || claim === "azp") return new OidcFailure("audience-mismatch", `The ID token is meant for another client id than the one configured (${message}).`);
    if (claim === "nonce") return new OidcFailure("nonce-mismatch", "The ID token's nonce is not the one this sign-in sent: the token belongs to another sign-in.");
    return new OidcFailure("token-invalid", `The ID token failed a check (${message}).`);
  }
  if (codes.has("OAUTH_JWT_TIMESTAMP_CHECK_FAILED")) {
    if (claim === "exp") return new OidcFailure("token-expired", "The ID token has expired. Check that the clocks of Roster and the identity provider are right.");
    return new OidcFailure("token-invalid", `The ID token is not valid at this time (${message}). Check the clocks.`);
  }
  if (messages.some((m) => /"state"/.test(m))) return new OidcFailure("state-mismatch", `The sign-in's state does not match (${message}).`);
  if (messages.some((m) => /"iss" \(issuer\) response parameter/.test(m))) {
    return new OidcFailure("issuer-mismatch", "The sign-in came back from another issuer than the one configured.");
  }
  if (codes.has("OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") || codes.has("OAUTH_RESPONSE_IS_NOT_CONFORM") || codes.has("OAUTH_RESPONSE_IS_NOT_JSON")) {
    return new OidcFailure("discovery-failed", `The identity provider's answer was not what OpenID Connect expects (${message}).`);
  }
  return new OidcFailure("token-invalid", `The identity provider's answer failed a check (${message}).`);
}

function describe(link: ErrorLike): string {
  const description = str(link.error_description);
  return description ? `: ${description}` : "";
}
