// Sign-ins Roster started (a SAML AuthnRequest id, an OIDC state with its PKCE verifier and nonce)
// are kept in the database, not in memory: the instance that receives the IdP's answer need not be
// the one that sent the request. Each is taken once (DELETE ... RETURNING), so an answer cannot be
// replayed against the same request, and only while it has not expired.
import { randomBytes } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

export type SsoPurpose = "sign-in" | "test";

export interface PendingRequest {
  id: string;
  workspaceId: string;
  connectionId: string;
  purpose: SsoPurpose;
  /** The admin who started a Test connection (or the member a sign-in was meant for). */
  memberId: string | null;
  /** Protocol state (OIDC: PKCE verifier, nonce) and where to go afterwards (callbackPath). */
  data: Record<string, unknown>;
  /** SHA-256 of the browser-binding cookie set when it started (./browser-binding); null: not bound. */
  bindingHash: string | null;
  expiresAt: Date;
}

/** How long an IdP has to answer a request Roster started. */
export const PENDING_REQUEST_TTL_SECONDS = 10 * 60;

/** An id an attacker cannot guess; SAML wants an NCName, so it starts with a letter-like "_". */
export const newRequestId = (): string => `_${randomBytes(20).toString("hex")}`;

export async function createPendingRequest(
  prisma: PrismaClient,
  input: { id?: string; workspaceId: string; connectionId: string; purpose: SsoPurpose; memberId?: string | null; data?: Record<string, unknown>; bindingHash?: string | null; ttlSeconds?: number },
  now = new Date(),
): Promise<PendingRequest> {
  const id = input.id ?? newRequestId();
  const expiresAt = new Date(now.getTime() + (input.ttlSeconds ?? PENDING_REQUEST_TTL_SECONDS) * 1000);
  // Requests nobody answered are dropped here, on the expiry index (no separate sweeper needed).
  await prisma.$executeRaw(Prisma.sql`DELETE FROM "SsoPendingRequest" WHERE "expiresAt" < ${now}::timestamptz`);
  await prisma.ssoPendingRequest.create({
    data: {
      id,
      workspaceId: input.workspaceId,
      connectionId: input.connectionId,
      purpose: input.purpose,
      memberId: input.memberId ?? null,
      data: (input.data ?? {}) as Prisma.InputJsonValue,
      bindingHash: input.bindingHash ?? null,
      expiresAt,
    },
  });
  return { id, workspaceId: input.workspaceId, connectionId: input.connectionId, purpose: input.purpose, memberId: input.memberId ?? null, data: input.data ?? {}, bindingHash: input.bindingHash ?? null, expiresAt };
}

/**
 * Takes the request `id` of connection `connectionId` out of the store: null when there is none
 * (never sent, already answered, or for another connection) or it expired.
 */
export async function takePendingRequest(prisma: PrismaClient, input: { id: string; connectionId: string }, now = new Date()): Promise<PendingRequest | null> {
  const rows = await prisma.$queryRaw<(Omit<PendingRequest, "purpose"> & { purpose: string })[]>(Prisma.sql`
    DELETE FROM "SsoPendingRequest" WHERE "id" = ${input.id} AND "connectionId" = ${input.connectionId}::uuid
    RETURNING "id", "workspaceId"::text AS "workspaceId", "connectionId"::text AS "connectionId", "purpose", "memberId"::text AS "memberId", "data", "bindingHash", "expiresAt"`);
  const row = rows[0];
  if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
  return { ...row, purpose: row.purpose === "test" ? "test" : "sign-in", data: (row.data ?? {}) as Record<string, unknown> };
}
