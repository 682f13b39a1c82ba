// Password sign-in as a domain function, usable outside next-auth (the invitation flow calls it
// right after a person sets their password). The workspace is always explicit: the same email can
// be a member of several workspaces, one Member row each.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import { recordAudit, type Actor } from "@/lib/audit";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { canSignIn } from "@/lib/directory/status";
import { recordSignIn } from "@/lib/lifecycle";
import { userNameKey } from "@/lib/members/sql";
import { verifyPassword } from "./password";
import { minutesToWait, reserveSignInAttempt, signInLimitSettings, signInSucceeded, type AttemptKeys, type SignInLimitSettings } from "./sign-in-limits";

export interface SignInInput {
  workspaceSlug: string;
  email: string;
  password: string;
  requestId?: string | null;
  /** The client's address (lib/auth/client-address), for the per-address limit; null when unknown. */
  clientAddress?: string | null;
}

export interface SignedInMember {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  userName: string;
  displayName: string | null;
  role: MemberRole;
  status: MemberStatus;
  sessionGeneration: number;
}

/**
 * "invalid": unknown workspace, unknown email, no password yet or a wrong password — deliberately
 * one answer, so the form cannot be used to find out who has an account.
 * "disabled": the password was right but an administrator disabled the account.
 * "sso-required": the password was right but the workspace requires single sign-on and the member
 * is not a break-glass admin (told only after the password proved who they are).
 * "limited": too many failures for the account or the address; nothing was checked.
 */
export type SignInFailure = "invalid" | "disabled" | "sso-required";
export type SignInResult =
  | { ok: true; member: SignedInMember }
  | { ok: false; reason: SignInFailure }
  | { ok: false; reason: "limited"; retryAfterMinutes: number };

const SIGN_IN_FORM: Actor = { kind: "SYSTEM", label: "sign-in form" };

export { DISABLED_MESSAGE, INVALID_MESSAGE } from "./messages";

export async function signInWithPassword(
  db: { prisma: PrismaClient; sqlTransaction: RawSqlTransaction },
  input: SignInInput,
  now = new Date(),
  limits: SignInLimitSettings = signInLimitSettings(),
): Promise<SignInResult> {
  const { prisma } = db;
  const slug = input.workspaceSlug.trim().toLowerCase();
  const email = input.email.trim();
  const workspace = slug ? await prisma.workspace.findUnique({ where: { slug }, select: { id: true, slug: true, requireSso: true } }) : null;
  const member = workspace && email ? await findMemberByEmail(prisma, workspace.id, email) : null;
  const clientAddress = input.clientAddress ?? null;
  const keys: AttemptKeys = { workspaceSlug: slug, email, clientAddress };
  // What the failure events say; the email is as typed (it may name no member).
  const attempt = (reason: string, extra: Record<string, unknown> = {}) => ({
    workspaceId: workspace!.id,
    actor: SIGN_IN_FORM,
    target: { type: "Member", id: member?.id ?? null, label: email },
    outcome: "FAILURE" as const,
    requestId: input.requestId,
    details: { reason, ...(clientAddress && { clientAddress }), ...extra },
  });

  // The limits come before any hashing: a locked account or address costs one statement.
  const reservation = await reserveSignInAttempt(prisma, keys, limits);
  if (!reservation.ok) {
    // One event per lock (the attempt that found it), not one per refused attempt during it.
    if (reservation.firstRefusal && workspace) {
      const max = reservation.scope === "account" ? limits.maxFailuresPerAccount : limits.maxFailuresPerAddress;
      await recordAudit(prisma, { ...attempt("too many failed attempts", { scope: reservation.scope, maxFailures: max, lockMinutes: limits.lockMinutes }), action: "member.sign_in_locked" });
    }
    return { ok: false, reason: "limited", retryAfterMinutes: minutesToWait(reservation.retryAfterMs) };
  }

  // Always verify (against nothing when there is no member) so response time does not reveal accounts.
  const passwordOk = await verifyPassword(member?.passwordHash ?? null, input.password);
  if (!member || !workspace || !passwordOk) {
    // No workspace, nowhere to record it (and no member is ever created for an unknown email).
    if (workspace) await recordAudit(prisma, { ...attempt(!member ? "unknown account" : member.passwordHash ? "wrong password" : "no password set"), action: "member.sign_in_failed" });
    return { ok: false, reason: "invalid" };
  }
  return finishPasswordSignIn(db, { workspace, member, keys, requestId: input.requestId, fail: (reason) => recordAudit(prisma, { ...attempt(reason), action: "member.sign_in_failed" }) }, now, limits);
}

/**
 * The end of a password sign-in once the password proved who the person is: the status and
 * Require SSO rules, then the lifecycle records the sign-in (the first one activates). Shared by
 * the workspace sign-in, the email-only sign-in and the workspace chooser (./workspace-choice).
 */
export async function finishPasswordSignIn(
  db: { prisma: PrismaClient; sqlTransaction: RawSqlTransaction },
  input: {
    workspace: { id: string; slug: string; requireSso: boolean };
    member: { id: string; userName: string; status: MemberStatus; breakGlass: boolean };
    keys: AttemptKeys;
    requestId?: string | null;
    /** Records the failure event with its reason. */
    fail: (reason: string) => Promise<void>;
  },
  now = new Date(),
  limits: SignInLimitSettings = signInLimitSettings(),
): Promise<SignInResult> {
  const { workspace, member } = input;
  if (!canSignIn(member.status)) {
    await input.fail("account disabled");
    return { ok: false, reason: "disabled" };
  }
  if (workspace.requireSso && !member.breakGlass) {
    await input.fail("single sign-on required");
    return { ok: false, reason: "sso-required" };
  }
  await signInSucceeded(db.prisma, input.keys, limits);

  const actor: Actor = { kind: "MEMBER", id: member.id, label: member.userName };
  const door = { kind: "sign-in" as const, actor, requestId: input.requestId };
  const updated = await recordSignIn(db.sqlTransaction, door, { workspaceId: workspace.id, memberId: member.id, via: "password" }, now);
  if (!updated) return { ok: false, reason: "disabled" };
  return { ok: true, member: { ...updated, workspaceSlug: workspace.slug } };
}

async function findMemberByEmail(prisma: PrismaClient, workspaceId: string, email: string) {
  // userName is unique per workspace case-insensitively (the index on userNameKey).
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Member" WHERE "workspaceId" = ${workspaceId}::uuid AND ${userNameKey("Member")} = lower(${email}) LIMIT 1`;
  if (rows.length === 0) return null;
  return prisma.member.findUnique({
    where: { id: rows[0].id },
    select: { id: true, userName: true, status: true, passwordHash: true, breakGlass: true },
  });
}
