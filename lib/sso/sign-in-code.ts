// The bridge from an SSO route to a next-auth session. next-auth's providers are static
// configuration while SSO connections are per-workspace data, so the SAML/OIDC routes verify the
// IdP's answer themselves and end by handing the browser a one-time code; next-auth's "sso"
// credentials provider (lib/auth/options) redeems it for the same session a password gives.
// The code is 256 random bits, stored only as its SHA-256, valid for a minute, usable once, and
// bound to a browser: it carries the hash of the browser-binding cookie (./browser-binding) and is
// refused when redeemed by a browser without that cookie (login CSRF / session fixation).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { hashOneTimeSecret, looksLikeOneTimeSecret, newOneTimeSecret } from "@/lib/security/one-time-secret";
import type { SignedIn } from "@/lib/lifecycle/members";
import { browserBindingMatches } from "./browser-binding";
import { refuseSso } from "./refuse";

export const SIGN_IN_CODE_TTL_SECONDS = 60;

export async function issueSignInCode(
  prisma: PrismaClient,
  input: { workspaceId: string; memberId: string; callbackPath?: string | null; bindingHash: string | null; connectionId?: string | null },
  now = new Date(),
): Promise<string> {
  const code = newOneTimeSecret();
  // Codes older than a day are of no use to anyone (kept that long only to make replays visible).
  await prisma.$executeRaw(Prisma.sql`DELETE FROM "SsoSignInCode" WHERE "expiresAt" < ${new Date(now.getTime() - 86_400_000)}::timestamptz`);
  await prisma.ssoSignInCode.create({
    data: {
      codeHash: hashOneTimeSecret(code),
      workspaceId: input.workspaceId,
      memberId: input.memberId,
      callbackPath: input.callbackPath ?? null,
      bindingHash: input.bindingHash,
      connectionId: input.connectionId ?? null,
      expiresAt: new Date(now.getTime() + SIGN_IN_CODE_TTL_SECONDS * 1000),
    },
  });
  return code;
}

/** The member a code signs in (the same shape a password sign-in gives), and where to land. */
export interface RedeemedMember extends SignedIn {
  callbackPath: string | null;
}

export type Redemption =
  | { ok: true; member: RedeemedMember }
  | { ok: false; reason: "invalid" }
  /** The code is real but this browser did not start (or post) the sign-in: used up, nobody signed in. */
  | { ok: false; reason: "browser-mismatch"; workspaceId: string; connectionId: string | null; memberId: string; userName: string };

/**
 * Uses the code up (a conditional write: two redemptions racing, one wins) and returns the member
 * it was issued for — when `browserBinding` (the redeeming browser's binding cookie) matches the
 * code's. "invalid": unknown, used, expired, or the member was disabled since. A mismatch uses the
 * code up too (it was misused; the real owner starts again).
 * The lookup is by hash, an equality on a value the caller cannot steer: no timing to exploit.
 */
export async function redeemSignInCode(prisma: PrismaClient, code: string, browserBinding: string | null, now = new Date()): Promise<Redemption> {
  if (!looksLikeOneTimeSecret(code)) return { ok: false, reason: "invalid" };
  const rows = await prisma.$queryRaw<(RedeemedMember & { bindingHash: string | null; connectionId: string | null })[]>(Prisma.sql`
    WITH "used" AS (
      UPDATE "SsoSignInCode" SET "usedAt" = ${now}::timestamptz
      WHERE "codeHash" = ${hashOneTimeSecret(code)} AND "usedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
      RETURNING "memberId", "workspaceId", "callbackPath", "bindingHash", "connectionId"
    )
    SELECT m."id"::text AS "id", m."workspaceId"::text AS "workspaceId", m."userName", m."displayName", m."role", m."status",
           m."sessionGeneration", u."callbackPath", u."bindingHash", u."connectionId"::text AS "connectionId"
    FROM "used" u JOIN "Member" m ON m."id" = u."memberId" AND m."workspaceId" = u."workspaceId"`);
  const row = rows[0];
  if (!row || row.status === "DISABLED") return { ok: false, reason: "invalid" };
  const { bindingHash, connectionId, ...member } = row;
  if (!browserBindingMatches(bindingHash, browserBinding)) {
    return { ok: false, reason: "browser-mismatch", workspaceId: member.workspaceId, connectionId, memberId: member.id, userName: member.userName };
  }
  return { ok: true, member };
}

export type CodeRedemption = { ok: true; member: RedeemedMember } | { ok: false; redirectTo?: string };

/**
 * The redemption next-auth's "sso" provider runs: a code redeemed by another browser than the one
 * that started (or posted) the sign-in is refused as `browser-mismatch` — an `sso.refused` event,
 * and `redirectTo` the refusal page ("start again from the sign-in page, in this browser").
 */
export async function redeemSignInCodeOrRefuse(prisma: PrismaClient, code: string, browserBinding: string | null, requestId: string | null, now = new Date()): Promise<CodeRedemption> {
  const redemption = await redeemSignInCode(prisma, code, browserBinding, now);
  if (redemption.ok) return redemption;
  if (redemption.reason === "invalid") return { ok: false };
  const select = { id: true, workspaceId: true, displayName: true } as const;
  const connection =
    (redemption.connectionId && (await prisma.ssoConnection.findUnique({ where: { id: redemption.connectionId }, select }))) ||
    (await prisma.ssoConnection.findUnique({ where: { workspaceId: redemption.workspaceId }, select }));
  if (!connection) return { ok: false };
  const detail = browserBinding
    ? "The one-time sign-in code was redeemed by a browser whose sign-in cookie is not the one the sign-in was started with."
    : "The one-time sign-in code was redeemed by a browser without the sign-in cookie: the sign-in was started in another browser (or cookies are blocked).";
  return { ok: false, ...(await refuseSso(prisma, { connection, reason: "browser-mismatch", detail, email: redemption.userName, requestId }, now)) };
}
