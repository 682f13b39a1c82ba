// Member detail: profile and SCIM attributes, groups (pending while the member is INVITED),
// and the member's recent activity from the audit log.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { describeRoleSource, effectiveRole } from "@/lib/permissions/roles";
import { memberDisplayName, primaryEmail } from "./sql";

const MAX_GROUPS_SHOWN = 500;
const RECENT_ACTIVITY = 20;

export async function getMemberDetail(prisma: PrismaClient, input: { workspaceId: string; memberId: string }) {
  const member = await prisma.member.findFirst({
    where: { id: input.memberId, workspaceId: input.workspaceId },
    omit: { passwordHash: true },
  });
  if (!member) return null;

  const [memberships, groupCount, activity, otherActiveAdmins, roleGroups] = await Promise.all([
    prisma.groupMembership.findMany({
      where: { memberId: member.id },
      select: { addedAt: true, group: { select: { id: true, displayName: true, source: true } } },
      orderBy: { group: { displayName: "asc" } },
      take: MAX_GROUPS_SHOWN,
    }),
    prisma.groupMembership.count({ where: { memberId: member.id } }),
    prisma.auditEvent.findMany({
      where: { workspaceId: input.workspaceId, targetId: member.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: RECENT_ACTIVITY,
    }),
    prisma.member.count({ where: { workspaceId: input.workspaceId, role: "ADMIN", status: "ACTIVE", id: { not: member.id } } }),
    prisma.groupMembership.findMany({
      where: { memberId: member.id, group: { grantsRole: { not: null } } },
      select: { group: { select: { id: true, displayName: true, grantsRole: true } } },
    }),
  ]);
  const roles = effectiveRole({
    manualRole: member.manualRole,
    scimRole: member.scimRole,
    groupRoles: roleGroups.map((m) => ({ groupId: m.group.id, groupName: m.group.displayName, role: m.group.grantsRole as MemberRole })),
  });

  // Until they first sign in, an INVITED member's groups are pending: they grant nothing yet.
  const pending = member.status === "INVITED";
  return {
    member,
    name: memberDisplayName(member),
    email: primaryEmail(member.emails) ?? member.userName,
    groups: memberships.map((m) => ({ ...m.group, addedAt: m.addedAt, pending })),
    groupCount,
    activity,
    /** The effective role's source and the IdP's floor (lib/permissions/roles effectiveRole). */
    roleSource: describeRoleSource(roles.source),
    idpFloor: roles.idpFloor,
    idpSource: roles.idpSource ? describeRoleSource(roles.idpSource) : null,
    /** True when this member is the only ACTIVE ADMIN (demoting or deactivating them is refused). */
    isLastActiveAdmin: member.role === "ADMIN" && member.status === "ACTIVE" && otherActiveAdmins === 0,
  };
}

export type MemberDetail = NonNullable<Awaited<ReturnType<typeof getMemberDetail>>>;
