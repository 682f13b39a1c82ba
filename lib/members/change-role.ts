// Changing a member's role (ADMIN only). Refuses to leave the workspace without an active admin.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/audit";
import { countOtherActiveAdmins, lockWorkspace, requireAdminActor } from "./admin-guard";
import { LastAdminError, MemberNotFoundError } from "./errors";

export const MEMBER_ROLES = ["ADMIN", "EDITOR", "VIEWER", "GUEST"] as const satisfies readonly MemberRole[];

export interface ChangeRoleInput {
  workspaceId: string;
  /** The signed-in admin doing it (re-checked in the transaction). */
  actorId: string;
  memberId: string;
  role: MemberRole;
  requestId?: string | null;
}

export interface ChangeRoleResult {
  changed: boolean;
  from: MemberRole;
  to: MemberRole;
}

export async function changeMemberRole(prisma: PrismaClient, input: ChangeRoleInput): Promise<ChangeRoleResult> {
  return prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const member = await tx.member.findFirst({
      where: { id: input.memberId, workspaceId: input.workspaceId },
      select: { id: true, userName: true, role: true, status: true },
    });
    if (!member) throw new MemberNotFoundError();
    if (member.role === input.role) return { changed: false, from: member.role, to: member.role };
    if (member.role === "ADMIN" && member.status === "ACTIVE" && (await countOtherActiveAdmins(tx, input.workspaceId, member.id)) === 0) {
      throw new LastAdminError("demote");
    }
    await tx.member.update({
      where: { id: member.id },
      data: { role: input.role, updatedAt: new Date(), version: { increment: 1 } },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: "member.role_changed",
      target: { type: "Member", id: member.id, label: member.userName },
      requestId: input.requestId,
      details: { from: member.role, to: input.role },
    });
    return { changed: true, from: member.role, to: input.role };
  });
}
