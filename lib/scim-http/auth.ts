// Bearer-token authentication for the SCIM API. Same rules as lib/tokens' authenticateApiToken
// (SHA-256 hash lookup, constant-time check, revoked/expired refused, last use recorded at most
// once a minute), with the workspace's scimEnabled flag read in the same round trip, and the
// row remembered for a couple of seconds (lib/tokens/auth-cache): no query per request on the
// hot path.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/audit";
import { ScimError } from "@/lib/scim/errors";
import { tokenStatus } from "@/lib/tokens";
import { cachedToken, rememberToken } from "@/lib/tokens/auth-cache";
import { hashTokenSecret, secretMatchesHash } from "@/lib/tokens/secret";

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

const LAST_USED_RESOLUTION_MS = 60_000;

interface TokenRow {
  id: string;
  name: string;
  workspaceId: string;
  tokenHash: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  scimEnabled: boolean;
}
const BEARER = /^Bearer[ \t]+([A-Za-z0-9\-._~+/]+=*)[ \t]*$/i;

/** The token's workspace and actor, or ScimAuthError (401) / ScimError 403 when SCIM is disabled there. */
export async function authenticateScimRequest(prisma: PrismaClient, authorization: string | null, now = new Date()): Promise<ScimPrincipal> {
  if (authorization === null || authorization.trim() === "") throw new ScimAuthError("Authentication required: send 'Authorization: Bearer <token>'.");
  const match = BEARER.exec(authorization.trim());
  if (!match) throw new ScimAuthError("Unsupported authorization scheme; use 'Authorization: Bearer <token>'.");
  const secret = match[1];
  const tokenHash = hashTokenSecret(secret);
  let token = cachedToken<TokenRow>(tokenHash);
  if (!token) {
    const rows = await prisma.$queryRaw<TokenRow[]>(Prisma.sql`
      SELECT t."id", t."name", t."workspaceId", t."tokenHash", t."revokedAt", t."expiresAt", t."lastUsedAt", w."scimEnabled"
      FROM "ApiToken" t JOIN "Workspace" w ON w."id" = t."workspaceId"
      WHERE t."tokenHash" = ${tokenHash}`);
    token = rows[0];
    if (token) rememberToken(tokenHash, token);
  }
  if (!token || !secretMatchesHash(secret, token.tokenHash)) throw new ScimAuthError("Invalid bearer token.");
  const status = tokenStatus(token, now);
  if (status !== "active") throw new ScimAuthError(`The bearer token is ${status}.`);
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Noted on the (possibly cached) row first, so concurrent requests do not all write it.
    token.lastUsedAt = now;
    await prisma.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
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
