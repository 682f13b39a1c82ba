// Resolving session claims to the member they belong to, re-checked against the database.
// Kept free of next/* so it can be tested on both engines.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";

/** What a signed-in session carries (in the JWT). */
export interface SessionClaims {
  memberId: string;
  workspaceId: string;
  /** The member's session generation at sign-in (absent in sessions from before it existed: 0). */
  sessionGeneration?: number;
}

export type CurrentMember = {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  userName: string;
  displayName: string | null;
  role: MemberRole;
  status: MemberStatus;
};

export type SessionResolution =
  | { member: CurrentMember; reason: null; workspaceSlug: string }
  | { member: null; reason: "signed-out" | "disabled"; workspaceSlug: string | null };

export async function resolveSessionMember(prisma: PrismaClient, claims: SessionClaims): Promise<SessionResolution> {
  const row = await prisma.member.findUnique({
    where: { id: claims.memberId },
    select: {
      id: true,
      workspaceId: true,
      userName: true,
      displayName: true,
      role: true,
      status: true,
      sessionGeneration: true,
      workspace: { select: { slug: true, name: true } },
    },
  });
  if (!row || row.workspaceId !== claims.workspaceId) return { member: null, reason: "signed-out", workspaceSlug: null };
  // Disabled first: deactivation also ends the session, but the person is told why.
  if (row.status === "DISABLED") return { member: null, reason: "disabled", workspaceSlug: row.workspace.slug };
  // Revoked: signed out (here or everywhere), given a new password or demoted since.
  if ((claims.sessionGeneration ?? 0) !== row.sessionGeneration) return { member: null, reason: "signed-out", workspaceSlug: row.workspace.slug };
  return {
    reason: null,
    workspaceSlug: row.workspace.slug,
    member: {
      id: row.id,
      workspaceId: row.workspaceId,
      workspaceSlug: row.workspace.slug,
      workspaceName: row.workspace.name,
      userName: row.userName,
      displayName: row.displayName,
      role: row.role,
      status: row.status,
    },
  };
}
