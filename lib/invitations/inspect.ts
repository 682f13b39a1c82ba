// What an invitation link points at, for the accept page. Looking at a link changes nothing
// (mail scanners open links before people do); only acceptInvitation() uses it up.
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import type { InvitationProblem } from "./messages";
import { hashInvitationSecret, looksLikeInvitationSecret } from "@/lib/lifecycle/invitation-secret";

type Db = PrismaClient | Prisma.TransactionClient;

export interface OpenInvitation {
  invitationId: string;
  memberId: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  /** The sign-in email (Member.userName). */
  email: string;
  emails: unknown;
  displayName: string | null;
  invitedBy: string;
  expiresAt: Date;
}

export type InvitationLookup = { ok: true; invitation: OpenInvitation } | { ok: false; problem: InvitationProblem };

export async function inspectInvitation(db: Db, secret: string, now = new Date()): Promise<InvitationLookup> {
  if (!looksLikeInvitationSecret(secret)) return { ok: false, problem: "unknown" };
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationSecret(secret) },
    select: {
      id: true,
      invitedBy: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      member: { select: { id: true, userName: true, emails: true, displayName: true, status: true } },
      workspace: { select: { id: true, slug: true, name: true } },
    },
  });
  if (!row) return { ok: false, problem: "unknown" };
  const problem = problemOf(row, now);
  if (problem) return { ok: false, problem };
  return {
    ok: true,
    invitation: {
      invitationId: row.id,
      memberId: row.member.id,
      workspaceId: row.workspace.id,
      workspaceSlug: row.workspace.slug,
      workspaceName: row.workspace.name,
      email: row.member.userName,
      emails: row.member.emails,
      displayName: row.member.displayName,
      invitedBy: row.invitedBy,
      expiresAt: row.expiresAt!,
    },
  };
}

/** The first reason the invitation cannot be accepted, most important first. */
export function problemOf(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null; member: { status: string } },
  now: Date,
): InvitationProblem | null {
  if (row.member.status === "DISABLED") return "disabled";
  if (row.acceptedAt) return "used";
  if (row.revokedAt) return "replaced";
  if (row.member.status === "ACTIVE") return "active";
  // A rendered invitation always has an expiry; a missing one fails safe.
  if (!row.expiresAt || row.expiresAt.getTime() <= now.getTime()) return "expired";
  return null;
}
