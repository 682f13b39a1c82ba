// API tokens (Settings > API and the CLI): create, list, revoke, and authenticate a bearer secret.
import { cachedToken, invalidateTokenCache, rememberToken } from "./auth-cache";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";
import { generateTokenSecret, hashTokenSecret, secretMatchesHash } from "./secret";

export class TokenNameTakenError extends Error {
  constructor(name: string) {
    super(`A live token named "${name}" already exists in this workspace`);
    this.name = "TokenNameTakenError";
  }
}

export interface CreatedToken {
  id: string;
  name: string;
  /** The bearer secret. Returned once; only its hash is stored. */
  secret: string;
  prefix: string;
  expiresAt: Date | null;
}

export async function createApiToken(
  prisma: PrismaClient,
  input: { workspaceId: string; name: string; expiresInDays?: number; actor: Actor },
): Promise<CreatedToken> {
  const { secret, hash, displayPrefix } = generateTokenSecret();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  try {
    const token = await prisma.$transaction(async (tx) => {
      const created = await tx.apiToken.create({
        data: {
          workspaceId: input.workspaceId,
          name: input.name,
          tokenHash: hash,
          prefix: displayPrefix,
          createdById: input.actor.kind === "MEMBER" ? input.actor.id : null,
          createdByLabel: input.actor.label,
          expiresAt,
        },
      });
      await recordAudit(tx, {
        workspaceId: input.workspaceId,
        actor: input.actor,
        action: "token.created",
        target: { type: "ApiToken", id: created.id, label: created.name },
        details: { prefix: displayPrefix, expiresAt: expiresAt?.toISOString() ?? null },
      });
      return created;
    });
    return { id: token.id, name: token.name, secret, prefix: token.prefix, expiresAt: token.expiresAt };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw new TokenNameTakenError(input.name);
    throw error;
  }
}

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(token: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && token.expiresAt <= now) return "expired";
  return "active";
}

export async function listApiTokens(prisma: PrismaClient, workspaceId: string) {
  const tokens = await prisma.apiToken.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdByLabel: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  });
  return tokens.map((t) => ({ ...t, status: tokenStatus(t) }));
}

/** Revokes by id (UI) or by live name (CLI). Returns false when nothing live matched. */
export async function revokeApiToken(
  prisma: PrismaClient,
  input: { workspaceId: string; actor: Actor } & ({ id: string } | { name: string }),
): Promise<boolean> {
  const revoked = await prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({
      where: { workspaceId: input.workspaceId, revokedAt: null, ...("id" in input ? { id: input.id } : { name: input.name }) },
    });
    if (!token) return false;
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: "token.revoked",
      target: { type: "ApiToken", id: token.id, label: token.name },
    });
    return true;
  });
  // After the commit, so no request can re-read the still-live row into the cache.
  if (revoked) invalidateTokenCache();
  return revoked;
}

export interface AuthenticatedToken {
  id: string;
  name: string;
  workspaceId: string;
  /** The workspace's "SCIM provisioning" switch, read in the same round trip. */
  scimEnabled: boolean;
}

export type TokenCheck = { ok: true; token: AuthenticatedToken } | { ok: false; reason: "unknown" | "revoked" | "expired" };

// Skip the last-used write when the stored value is this recent: no write on every request.
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

/**
 * Looks a presented bearer secret up by its SHA-256 (constant-time check after the lookup);
 * revoked and expired tokens are refused; last use is recorded at most once a minute. The row is
 * remembered for a couple of seconds (./auth-cache): no query per request on an IdP's hot path.
 */
export async function authenticateApiToken(prisma: PrismaClient, secret: string, now = new Date()): Promise<TokenCheck> {
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
  if (!token || !secretMatchesHash(secret, token.tokenHash)) return { ok: false, reason: "unknown" };
  const status = tokenStatus(token, now);
  if (status !== "active") return { ok: false, reason: status };
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Noted on the (possibly cached) row first, so concurrent requests do not all write it.
    token.lastUsedAt = now;
    await prisma.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { ok: true, token: { id: token.id, name: token.name, workspaceId: token.workspaceId, scimEnabled: token.scimEnabled } };
}
