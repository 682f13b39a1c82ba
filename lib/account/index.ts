// "My account": what a signed-in member may see about themselves.
import { getDatabase, getPrisma } from "@/lib/db";
import { endSessions } from "@/lib/lifecycle";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";

export interface MyAccount {
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  department: string | null;
  emails: string[];
  role: MemberRole;
  status: MemberStatus;
  workspaceName: string;
  lastSignInAt: Date | null;
  /** Groups confer permissions only while the member is ACTIVE; otherwise this is empty. */
  groups: { id: string; displayName: string }[];
}

export async function getMyAccount(prisma: PrismaClient, memberId: string, workspaceId: string): Promise<MyAccount | null> {
  const member = await prisma.member.findFirst({
    where: { id: memberId, workspaceId },
    select: {
      userName: true,
      displayName: true,
      givenName: true,
      familyName: true,
      title: true,
      department: true,
      emails: true,
      role: true,
      status: true,
      lastSignInAt: true,
      workspace: { select: { name: true } },
      memberships: {
        where: { workspaceId },
        select: { group: { select: { id: true, displayName: true } } },
        orderBy: { group: { displayName: "asc" } },
      },
    },
  });
  if (!member) return null;
  const emails = Array.isArray(member.emails)
    ? member.emails.flatMap((e) => (e && typeof e === "object" && "value" in e && typeof e.value === "string" ? [e.value] : []))
    : [];
  return {
    userName: member.userName,
    displayName: member.displayName,
    givenName: member.givenName,
    familyName: member.familyName,
    title: member.title,
    department: member.department,
    emails: emails.length ? emails : [member.userName],
    role: member.role,
    status: member.status,
    workspaceName: member.workspace.name,
    lastSignInAt: member.lastSignInAt,
    groups: member.status === "ACTIVE" ? member.memberships.map((m) => m.group) : [],
  };
}

/** For the account page: the signed-in member's account, on the process database. */
export async function loadMyAccount(member: { id: string; workspaceId: string }): Promise<MyAccount | null> {
  return getMyAccount(await getPrisma(), member.id, member.workspaceId);
}

/** "Sign out everywhere": ends every session of the signed-in member, this one included. */
export async function signOutEverywhere(member: { id: string; workspaceId: string; userName: string }, requestId?: string | null): Promise<void> {
  const actor = { kind: "MEMBER" as const, id: member.id, label: member.userName };
  await endSessions((await getDatabase()).sqlTransaction, { kind: "sign-in", actor, requestId }, { workspaceId: member.workspaceId, memberId: member.id, reason: "sign-out-everywhere" });
}
