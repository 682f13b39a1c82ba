// API tokens (Settings > API and the CLI): create, list, revoke, and authenticate a bearer secret.
import { invalidateTokenCache } from "./auth-cache";
import type { PrismaClient } from "@/lib/generated/prisma/client";
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
}

export type TokenCheck = { ok: true; token: AuthenticatedToken } | { ok: false; reason: "unknown" | "revoked" | "expired" };

// Skip the last-used write when the stored value is this recent: no write on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Looks a presented bearer secret up by its hash; records last use at most once a minute. */
export async function authenticateApiToken(prisma: PrismaClient, secret: string, now = new Date()): Promise<TokenCheck> {
  const hash = hashTokenSecret(secret);
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, name: true, workspaceId: true, tokenHash: true, revokedAt: true, expiresAt: true, lastUsedAt: true },
  });
  // The lookup is by hash; the explicit constant-time check guards against a hash collision in lookup semantics.
  if (!token || !secretMatchesHash(secret, token.tokenHash)) return { ok: false, reason: "unknown" };
  const status = tokenStatus(token, now);
  if (status !== "active") return { ok: false, reason: status };
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.updateMany({
      where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { ok: true, token: { id: token.id, name: token.name, workspaceId: token.workspaceId } };
}
