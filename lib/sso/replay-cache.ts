// Every assertion (SAML assertion ID, OIDC token jti/nonce) is accepted once per connection. The
// cache is a database table, so it holds across instances; an entry is kept until the assertion
// itself expires (after that its own validity check refuses it), then the id may be reused.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Records `assertionId` as used; true the first time, false when it was already used (and has not
 * expired). One statement, so two instances racing with the same assertion cannot both win.
 */
export async function acceptAssertionOnce(prisma: PrismaClient, input: { connectionId: string; assertionId: string; expiresAt: Date }, now = new Date()): Promise<boolean> {
  const rows = await prisma.$queryRaw<unknown[]>(Prisma.sql`
    INSERT INTO "SsoUsedAssertion" ("connectionId", "assertionId", "expiresAt")
    VALUES (${input.connectionId}::uuid, ${input.assertionId}, ${input.expiresAt}::timestamptz)
    ON CONFLICT ("connectionId", "assertionId") DO UPDATE SET "expiresAt" = EXCLUDED."expiresAt"
      WHERE "SsoUsedAssertion"."expiresAt" <= ${now}::timestamptz
    RETURNING 1`);
  return rows.length === 1;
}

/** Drops entries whose assertions expired (called now and then; correctness does not depend on it). */
export async function dropExpiredAssertions(prisma: PrismaClient, now = new Date()): Promise<number> {
  return prisma.$executeRaw(Prisma.sql`DELETE FROM "SsoUsedAssertion" WHERE "expiresAt" <= ${now}::timestamptz`);
}
