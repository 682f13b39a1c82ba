// Which workspace a password sign-in is for, when the person did not say (the sign-in page asks for
// the email and password only; /sign-in/<slug> still names one). On an instance with one workspace
// it is that one. With several, the password is checked against the email's memberships in every
// workspace (a bounded number) and:
//  - proves none → the one "invalid" answer (nothing learned about which workspaces exist);
//  - proves one → that workspace, exactly like a sign-in that named it;
//  - proves several → a CHOICE: a one-time token (256 bits, stored as its SHA-256, 5 minutes)
//    naming the proven memberships; only its holder — who just typed the password — can list
//    those workspaces' names and pick one. An anonymous visitor never sees workspace names.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberStatus } from "@/lib/generated/prisma/enums";
import { recordAudit, type Actor } from "@/lib/audit";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { getDatabase } from "@/lib/db";
import { canSignIn } from "@/lib/directory/status";
import { userNameKey } from "@/lib/members/sql";
import { hashOneTimeSecret, looksLikeOneTimeSecret, newOneTimeSecret } from "@/lib/security/one-time-secret";
import { verifyPassword } from "./password";
import { finishPasswordSignIn, type SignInResult } from "./sign-in";
import { minutesToWait, reserveSignInAttempt, signInLimitSettings, type AttemptKeys, type SignInLimitSettings } from "./sign-in-limits";

/** The slug of the instance's only workspace; null when there are none or several. */
export async function defaultWorkspaceSlug(prisma: PrismaClient): Promise<string | null> {
  const two = await prisma.workspace.findMany({ select: { slug: true }, take: 2, orderBy: { createdAt: "asc" } });
  return two.length === 1 ? two[0].slug : null;
}

/** At most this many memberships of one email are checked (each an Argon2 verification, queued behind PASSWORD_HASH_CONCURRENCY). */
export const MAX_PASSWORD_MEMBERSHIPS = 5;
export const WORKSPACE_CHOICE_TTL_SECONDS = 5 * 60;

type Db = { prisma: PrismaClient; sqlTransaction: RawSqlTransaction };

export type EmailSignInResult = SignInResult | { ok: false; reason: "choose-workspace"; token: string };

interface Candidate {
  id: string;
  userName: string;
  status: MemberStatus;
  breakGlass: boolean;
  passwordHash: string;
  workspaceId: string;
  slug: string;
  requireSso: boolean;
}

const SIGN_IN_FORM: Actor = { kind: "SYSTEM", label: "sign-in form" };

/**
 * Password sign-in from the email alone, on an instance with several workspaces. The limits are
 * the usual ones: the account key is the email across workspaces (workspace part empty), the
 * address key the client's address; both are taken before any hashing.
 */
export async function signInWithPasswordByEmail(
  db: Db,
  input: { email: string; password: string; requestId?: string | null; clientAddress?: string | null },
  now = new Date(),
  limits: SignInLimitSettings = signInLimitSettings(),
): Promise<EmailSignInResult> {
  const { prisma } = db;
  const email = input.email.trim();
  const clientAddress = input.clientAddress ?? null;
  const keys: AttemptKeys = { workspaceSlug: "", email, clientAddress };
  // The memberships with a password, oldest first; a bounded number (nobody has more in practice).
  const candidates = email
    ? await prisma.$queryRaw<Candidate[]>(Prisma.sql`
        SELECT m."id"::text AS "id", m."userName", m."status"::text AS "status", m."breakGlass", m."passwordHash",
               w."id"::text AS "workspaceId", w."slug", w."requireSso"
        FROM "Member" m JOIN "Workspace" w ON w."id" = m."workspaceId"
        WHERE ${userNameKey("m")} = lower(${email}) AND m."passwordHash" IS NOT NULL
        ORDER BY m."createdAt" ASC, m."id" ASC
        LIMIT ${MAX_PASSWORD_MEMBERSHIPS}`)
    : [];
  const event = (candidate: Candidate, action: string, reason: string, extra: Record<string, unknown> = {}) =>
    recordAudit(prisma, {
      workspaceId: candidate.workspaceId,
      actor: SIGN_IN_FORM,
      action,
      target: { type: "Member", id: candidate.id, label: email },
      outcome: "FAILURE",
      requestId: input.requestId,
      details: { reason, ...(clientAddress && { clientAddress }), ...extra },
    });

  const reservation = await reserveSignInAttempt(prisma, keys, limits);
  if (!reservation.ok) {
    if (reservation.firstRefusal) {
      const max = reservation.scope === "account" ? limits.maxFailuresPerAccount : limits.maxFailuresPerAddress;
      for (const c of candidates) await event(c, "member.sign_in_locked", "too many failed attempts", { scope: reservation.scope, maxFailures: max, lockMinutes: limits.lockMinutes });
    }
    return { ok: false, reason: "limited", retryAfterMinutes: minutesToWait(reservation.retryAfterMs) };
  }

  // One verification per membership, and one (against nothing) for an unknown email: an unknown
  // email costs what a one-workspace account costs.
  const proven: Candidate[] = [];
  if (candidates.length === 0) await verifyPassword(null, input.password);
  for (const c of candidates) if (await verifyPassword(c.passwordHash, input.password)) proven.push(c);
  if (proven.length === 0) {
    for (const c of candidates) await event(c, "member.sign_in_failed", "wrong password");
    return { ok: false, reason: "invalid" };
  }

  const allowed = proven.filter((c) => canSignIn(c.status) && (!c.requireSso || c.breakGlass));
  // Zero allowed: say why for the first proven one (disabled, or SSO required), as a named sign-in would.
  // One: that workspace. Several: the person picks.
  if (allowed.length <= 1) {
    const c = allowed[0] ?? proven[0];
    return finishPasswordSignIn(
      db,
      { workspace: { id: c.workspaceId, slug: c.slug, requireSso: c.requireSso }, member: c, keys, requestId: input.requestId, fail: (reason) => event(c, "member.sign_in_failed", reason) },
      now,
      limits,
    );
  }
  const token = newOneTimeSecret();
  await prisma.$executeRaw(Prisma.sql`DELETE FROM "PasswordSignInChoice" WHERE "expiresAt" < ${now}::timestamptz`);
  await prisma.passwordSignInChoice.create({
    data: { tokenHash: hashOneTimeSecret(token), memberIds: allowed.map((c) => c.id), email, expiresAt: new Date(now.getTime() + WORKSPACE_CHOICE_TTL_SECONDS * 1000) },
  });
  return { ok: false, reason: "choose-workspace", token };
}

/** The workspaces a (still unused, unexpired) choice token offers: names and slugs, nothing for anyone else. */
export async function workspaceChoices(prisma: PrismaClient, token: string, now = new Date()): Promise<{ slug: string; name: string }[]> {
  if (!looksLikeOneTimeSecret(token)) return [];
  return prisma.$queryRaw<{ slug: string; name: string }[]>(Prisma.sql`
    SELECT w."slug", w."name"
    FROM "PasswordSignInChoice" c
    JOIN "Member" m ON m."id" = ANY(c."memberIds")
    JOIN "Workspace" w ON w."id" = m."workspaceId"
    WHERE c."tokenHash" = ${hashOneTimeSecret(token)} AND c."usedAt" IS NULL AND c."expiresAt" > ${now}::timestamptz
    ORDER BY w."name" ASC, w."slug" ASC`);
}

/** workspaceChoices on the process database (the sign-in form's server action). */
export async function listWorkspaceChoices(token: string): Promise<{ slug: string; name: string }[]> {
  return workspaceChoices((await getDatabase()).prisma, token);
}

/**
 * Signs in to the chosen workspace: uses the token up (once, whatever is chosen), then the member
 * the password proved there signs in — the status and Require SSO rules checked again, now.
 * "invalid" for a used, expired or unknown token or a workspace it did not offer.
 */
export async function signInWithWorkspaceChoice(
  db: Db,
  input: { token: string; workspaceSlug: string; requestId?: string | null; clientAddress?: string | null },
  now = new Date(),
  limits: SignInLimitSettings = signInLimitSettings(),
): Promise<SignInResult> {
  if (!looksLikeOneTimeSecret(input.token)) return { ok: false, reason: "invalid" };
  const [row] = await db.prisma.$queryRaw<{ memberIds: string[]; email: string }[]>(Prisma.sql`
    UPDATE "PasswordSignInChoice" SET "usedAt" = ${now}::timestamptz
    WHERE "tokenHash" = ${hashOneTimeSecret(input.token)} AND "usedAt" IS NULL AND "expiresAt" > ${now}::timestamptz
    RETURNING "memberIds"::text[] AS "memberIds", "email"`);
  if (!row) return { ok: false, reason: "invalid" };
  const [chosen] = await db.prisma.$queryRaw<Omit<Candidate, "passwordHash">[]>(Prisma.sql`
    SELECT m."id"::text AS "id", m."userName", m."status"::text AS "status", m."breakGlass", w."id"::text AS "workspaceId", w."slug", w."requireSso"
    FROM "Member" m JOIN "Workspace" w ON w."id" = m."workspaceId"
    WHERE m."id" = ANY(${row.memberIds}::uuid[]) AND w."slug" = ${input.workspaceSlug.trim().toLowerCase()}`);
  if (!chosen) return { ok: false, reason: "invalid" };
  const clientAddress = input.clientAddress ?? null;
  return finishPasswordSignIn(
    db,
    {
      workspace: { id: chosen.workspaceId, slug: chosen.slug, requireSso: chosen.requireSso },
      member: chosen,
      keys: { workspaceSlug: "", email: row.email, clientAddress },
      requestId: input.requestId,
      fail: (reason) =>
        recordAudit(db.prisma, {
          workspaceId: chosen.workspaceId,
          actor: SIGN_IN_FORM,
          action: "member.sign_in_failed",
          target: { type: "Member", id: chosen.id, label: row.email },
          outcome: "FAILURE",
          requestId: input.requestId,
          details: { reason, ...(clientAddress && { clientAddress }) },
        }),
    },
    now,
    limits,
  );
}
