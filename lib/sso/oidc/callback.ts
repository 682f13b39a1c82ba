// The OpenID Connect redirect URI's logic: take the pending sign-in named by `state` (once — a
// replayed answer finds nothing), let the library check the answer and the ID token, then hand
// the identity to finishSsoSignIn like SAML does. Every refusal goes through refuseSso: an
// `sso.refused` audit event with the reason, and a page for the person.
import { randomUUID } from "node:crypto";
import { getDatabase } from "@/lib/db";
import { findConnectionById } from "../connections";
import { browserBindingMatches } from "../browser-binding";
import { finishSsoSignIn, type SsoDatabase } from "../finish";
import { takePendingRequest } from "../pending-requests";
import { refuseSso, type SsoRefusalReason } from "../refuse";
import { classifyOidcError, OidcFailure, type OidcFailureKind } from "./failures";
import { oidcConfiguration, redeemAuthorizationResponse } from "./protocol";
import { clientSettings, connectionIdFromState, currentIssuerPolicy } from "./settings";

const REFUSAL_REASON: Record<OidcFailureKind, SsoRefusalReason> = {
  "state-mismatch": "oidc-state",
  "nonce-mismatch": "oidc-nonce",
  "code-rejected": "oidc-pkce",
  "client-rejected": "oidc-client",
  "issuer-mismatch": "oidc-issuer",
  "audience-mismatch": "oidc-audience",
  "token-expired": "oidc-token",
  "token-invalid": "oidc-token",
  "idp-error": "idp-error",
  "no-email": "missing-email",
  "discovery-failed": "oidc-discovery",
};

export const oidcRefusalReason = (kind: OidcFailureKind): SsoRefusalReason => REFUSAL_REASON[kind];

export interface OidcCallbackInput {
  /** The query string the IdP sent the browser back with (code, state, iss — or error). */
  query: URLSearchParams;
  requestId?: string | null;
  /** The browser's binding cookie (../browser-binding): it must be the one set when this sign-in started. */
  browserBinding: string | null;
}

export async function completeOidcSignIn(db: SsoDatabase, input: OidcCallbackInput, now = new Date()): Promise<{ redirectTo: string }> {
  const state = input.query.get("state");
  const connectionId = connectionIdFromState(state);
  const connection = connectionId ? await findConnectionById(db.prisma, connectionId) : null;
  // No workspace to record it in (a made-up or truncated state). The page still says what happened.
  if (!connection || connection.protocol !== "OIDC") return { redirectTo: "/sign-in/refused?reason=oidc-state" };

  const pending = state ? await takePendingRequest(db.prisma, { id: state, connectionId: connection.id }, now) : null;
  const refuse = (failure: OidcFailure, purpose: "sign-in" | "test" = pending?.purpose ?? "sign-in") =>
    refuseSso(db.prisma, { connection, reason: REFUSAL_REASON[failure.kind], detail: failure.detail, purpose, testedBy: pending?.memberId ?? null, requestId: input.requestId }, now);

  if (!pending) {
    return refuse(
      new OidcFailure(
        "state-mismatch",
        state
          ? "No pending sign-in has this state: it expired, was already used (a replayed answer), or was not started by Roster."
          : "The identity provider's answer carried no state.",
      ),
    );
  }
  if (!connection.enabled && pending.purpose !== "test") {
    return refuseSso(db.prisma, { connection, reason: "connection-disabled", detail: "The connection was switched off during the sign-in.", purpose: "sign-in", requestId: input.requestId }, now);
  }
  // Login CSRF: an answer to a sign-in started in another browser (an attacker's own, completed as
  // themselves) must not sign this browser in. The callback is a top-level GET: Lax cookies arrive.
  if (!browserBindingMatches(pending.bindingHash, input.browserBinding)) {
    return refuseSso(
      db.prisma,
      {
        connection,
        reason: "browser-mismatch",
        detail: input.browserBinding
          ? "The browser's sign-in cookie is not the one set when this sign-in started: it was started in another browser."
          : "The browser sent no sign-in cookie: the sign-in was started in another browser (or cookies are blocked).",
        purpose: pending.purpose,
        testedBy: pending.memberId,
        requestId: input.requestId,
      },
      now,
    );
  }
  const { nonce, codeVerifier, redirectUri, callbackPath } = pending.data as Record<string, unknown>;
  if (typeof nonce !== "string" || typeof codeVerifier !== "string" || typeof redirectUri !== "string") {
    return refuse(new OidcFailure("state-mismatch", "The pending request with this state is not an OpenID Connect sign-in."));
  }

  let identity;
  try {
    const configuration = await oidcConfiguration(clientSettings(connection), currentIssuerPolicy());
    ({ identity } = await redeemAuthorizationResponse(configuration, input.query, { state: pending.id, nonce, codeVerifier, redirectUri }));
  } catch (error) {
    return refuse(classifyOidcError(error));
  }
  return finishSsoSignIn(
    db,
    {
      connection,
      identity,
      purpose: pending.purpose,
      pending: { memberId: pending.memberId, callbackPath: typeof callbackPath === "string" ? callbackPath : null },
      bindingHash: pending.bindingHash,
      requestId: input.requestId,
    },
    now,
  );
}

/** For the route handler (app/api/sso/oidc/callback): the process database, a request id for the audit trail. */
export async function handleOidcCallback(query: URLSearchParams, requestId: string | null, browserBinding: string | null): Promise<{ redirectTo: string }> {
  // A client's X-Request-Id is kept only when it looks like one (it ends up in the audit trail).
  const id = requestId && /^[\w.:-]{1,100}$/.test(requestId) ? requestId : randomUUID();
  return completeOidcSignIn(await getDatabase(), { query, requestId: id, browserBinding });
}
