// The bridge from an SSO route to a next-auth session. next-auth's providers are static
// configuration while SSO connections are per-workspace data, so the SAML/OIDC routes verify the
// IdP's answer themselves and end by handing the browser a one-time code; next-auth's "sso"
// credentials provider (lib/auth/options) redeems it for the same session a password gives.
// The code is 256 random bits, stored only as its SHA-256, valid for a minute, usable once.
import { createHash, randomBytes } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { SignedIn } from "@/lib/lifecycle/members";

export const SIGN_IN_CODE_TTL_SECONDS = 60;

const hashCode = (code: string) => createHash("sha256").update(code, "utf8").digest("hex");

export async function issueSignInCode(
  prisma: PrismaClient,
  input: { workspaceId: string; memberId: string; callbackPath?: string | null },
  now = new Date(),
): Promise<string> {
  const code = randomBytes(32).toString("base64url");
  // Codes older than a day are of no use to anyone (kept that long only to make replays visible).
  await prisma.$executeRaw(Prisma.sql`DELETE FROM "SsoSignInCode" WHERE "expiresAt" < ${new Date(now.getTime() - 86_400_000)}::timestamptz`);
  await prisma.ssoSignInCode.create({
    data: {
      codeHash: hashCode(code),
      workspaceId: input.workspaceId,
      memberId: input.memberId,
      callbackPath: input.callbackPath ?? null,
      expiresAt: new Date(now.getTime() + SIGN_IN_CODE_TTL_SECONDS * 1000),
    },
  });
  return code;
}

/** The member a code signs in (the same shape a password sign-in gives), and where to land. */
export interface RedeemedMember extends SignedIn {
  callbackPath: string | null;
}

/**
 * Uses the code up (a conditional write: two redemptions racing, one wins) and returns the member
 * it was issued for; null when it is unknown, used, expired, or the member was disabled since.
 * The lookup is by hash, an equality on a value the caller cannot steer: no timing to exploit.
 */
export async function redeemSignInCode(prisma: PrismaClient, code: string, now = new Date()): Promise<RedeemedMember | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(code)) return null;
  const rows = await prisma.$queryRaw<RedeemedMember[]>(Prisma.sql`
    WITH "used" AS (
      UPDATE "SsoSignInCode" SET "usedAt" = ${now}::timestamptz
      WHERE "codeHash" = ${hashCode(code)} AND "usedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
      RETURNING "memberId", "workspaceId", "callbackPath"
    )
    SELECT m."id"::text AS "id", m."workspaceId"::text AS "workspaceId", m."userName", m."displayName", m."role", m."status",
           m."sessionGeneration", u."callbackPath"
    FROM "used" u JOIN "Member" m ON m."id" = u."memberId" AND m."workspaceId" = u."workspaceId"`);
  const member = rows[0];
  if (!member || member.status === "DISABLED") return null;
  return member;
}
