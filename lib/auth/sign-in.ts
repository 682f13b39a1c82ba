// Password sign-in as a domain function, usable outside next-auth (the invitation flow calls it
// right after a person sets their password). The workspace is always explicit: the same email can
// be a member of several workspaces, one Member row each.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/audit";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { canSignIn } from "@/lib/directory/status";
import { recordSignIn } from "@/lib/lifecycle";
import { verifyPassword } from "./password";

export interface SignInInput {
  workspaceSlug: string;
  email: string;
  password: string;
  requestId?: string | null;
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
 */
export type SignInFailure = "invalid" | "disabled";
export type SignInResult = { ok: true; member: SignedInMember } | { ok: false; reason: SignInFailure };

export { DISABLED_MESSAGE, INVALID_MESSAGE } from "./messages";

export async function signInWithPassword(db: { prisma: PrismaClient; sqlTransaction: RawSqlTransaction }, input: SignInInput, now = new Date()): Promise<SignInResult> {
  const { prisma } = db;
  const slug = input.workspaceSlug.trim().toLowerCase();
  const email = input.email.trim();
  const workspace = slug ? await prisma.workspace.findUnique({ where: { slug }, select: { id: true, slug: true } }) : null;
  const member = workspace && email ? await findMemberByEmail(prisma, workspace.id, email) : null;

  // Always verify (against nothing when there is no member) so response time does not reveal accounts.
  const passwordOk = await verifyPassword(member?.passwordHash ?? null, input.password);
  if (!member || !workspace || !passwordOk) return { ok: false, reason: "invalid" };
  if (!canSignIn(member.status)) return { ok: false, reason: "disabled" };

  const actor: Actor = { kind: "MEMBER", id: member.id, label: member.userName };
  const door = { kind: "sign-in" as const, actor, requestId: input.requestId };
  const updated = await recordSignIn(db.sqlTransaction, door, { workspaceId: workspace.id, memberId: member.id, via: "password" }, now);
  if (!updated) return { ok: false, reason: "disabled" };
  return { ok: true, member: { ...updated, workspaceSlug: workspace.slug } };
}

async function findMemberByEmail(prisma: PrismaClient, workspaceId: string, email: string) {
  // userName is unique per workspace case-insensitively (index on lower("userName")).
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS "id" FROM "Member" WHERE "workspaceId" = ${workspaceId}::uuid AND lower("userName") = lower(${email}) LIMIT 1`;
  if (rows.length === 0) return null;
  return prisma.member.findUnique({
    where: { id: rows[0].id },
    select: { id: true, userName: true, status: true, passwordHash: true },
  });
}
