// SP-initiated OpenID Connect sign-in (or Test connection): the authorization URL, with the
// state, nonce and PKCE verifier kept as a pending request in the database — the state is the
// request's id — so whichever instance receives the answer can check it, once.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPendingRequest, type SsoPurpose } from "../pending-requests";
import { beginAuthorization, oidcConfiguration } from "./protocol";
import { clientSettings, currentIssuerPolicy, oidcRedirectUri, stateFor, type OidcConnection } from "./settings";

export interface OidcStartOptions {
  purpose: SsoPurpose;
  memberId?: string | null;
  callbackPath?: string | null;
  /** The public origin (lib/public-url) the redirect URI is built from. */
  origin: string;
  loginHint?: string;
  /** SHA-256 of the browser-binding cookie (../browser-binding); checked by the callback. */
  bindingHash?: string | null;
}

export async function startOidcSignIn(prisma: PrismaClient, connection: OidcConnection, options: OidcStartOptions): Promise<string> {
  const configuration = await oidcConfiguration(clientSettings(connection), currentIssuerPolicy());
  const redirectUri = oidcRedirectUri(options.origin);
  const { url, authorization } = await beginAuthorization(configuration, redirectUri, { loginHint: options.loginHint, statePrefix: stateFor(connection.id) });
  await createPendingRequest(prisma, {
    id: authorization.state,
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    purpose: options.purpose,
    memberId: options.memberId ?? null,
    bindingHash: options.bindingHash ?? null,
    data: {
      protocol: "oidc",
      nonce: authorization.nonce,
      codeVerifier: authorization.codeVerifier,
      redirectUri,
      ...(options.callbackPath ? { callbackPath: options.callbackPath } : {}),
    },
  });
  return url.href;
}
