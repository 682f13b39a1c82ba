// Bearer-token authentication for the SCIM API: the Authorization header parsed, the token
// checked by lib/tokens' authenticateApiToken (the one implementation), its answers put in the
// SCIM API's words (401 with WWW-Authenticate, 403 when the workspace switched SCIM off).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/audit";
import { ScimError } from "@/lib/scim/errors";
import { authenticateApiToken } from "@/lib/tokens";

export const WWW_AUTHENTICATE = 'Bearer realm="roster-scim"';

export class ScimAuthError extends ScimError {
  constructor(detail: string) {
    super(401, undefined, detail);
  }
}

export interface ScimPrincipal {
  workspaceId: string;
  tokenId: string;
  tokenName: string;
  actor: Actor;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The token's workspace and actor, or ScimAuthError (401) / ScimError 403 when SCIM is disabled there. */
export async function authenticateScimRequest(prisma: PrismaClient, authorization: string | null, now = new Date()): Promise<ScimPrincipal> {
  if (authorization === null || authorization.trim() === "") throw new ScimAuthError("Authentication required: send 'Authorization: Bearer <token>'.");
  const match = BEARER.exec(authorization.trim());
  if (!match) throw new ScimAuthError("Unsupported authorization scheme; use 'Authorization: Bearer <token>'.");
  const check = await authenticateApiToken(prisma, match[1], now);
  if (!check.ok) throw new ScimAuthError(check.reason === "unknown" ? "Invalid bearer token." : `The bearer token is ${check.reason}.`);
  const token = check.token;
  const principal: ScimPrincipal = {
    workspaceId: token.workspaceId,
    tokenId: token.id,
    tokenName: token.name,
    actor: { kind: "TOKEN", id: token.id, label: token.name },
  };
  if (!token.scimEnabled) throw new ScimDisabledError(principal);
  return principal;
}

/** 403: the token is valid but its workspace has SCIM provisioning switched off. */
export class ScimDisabledError extends ScimError {
  constructor(readonly principal: ScimPrincipal) {
    super(403, undefined, "SCIM provisioning is disabled for this workspace");
  }
}
