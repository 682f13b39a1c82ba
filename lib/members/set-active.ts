// Deactivating and reactivating a member from the admin UI. The resulting status comes from
// statusForActive() — the same rule SCIM's `active` uses — so admin and IdP always agree:
// deactivate → DISABLED; reactivate → ACTIVE if they ever signed in, else INVITED.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberStatus } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/audit";
import { statusForActive } from "@/lib/directory/status";
import { countOtherActiveAdmins, lockWorkspace, requireAdminActor } from "./admin-guard";
import { CannotDeactivateSelfError, LastAdminError, MemberNotFoundError } from "./errors";

export interface SetActiveInput {
  workspaceId: string;
  actorId: string;
  memberId: string;
  requestId?: string | null;
}

export interface SetActiveResult {
  changed: boolean;
  status: MemberStatus;
}

export function deactivateMember(prisma: PrismaClient, input: SetActiveInput): Promise<SetActiveResult> {
  return setMemberActive(prisma, { ...input, active: false });
}

export function reactivateMember(prisma: PrismaClient, input: SetActiveInput): Promise<SetActiveResult> {
  return setMemberActive(prisma, { ...input, active: true });
}

export async function setMemberActive(prisma: PrismaClient, input: SetActiveInput & { active: boolean }): Promise<SetActiveResult> {
  return prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const member = await tx.member.findFirst({
      where: { id: input.memberId, workspaceId: input.workspaceId },
      select: { id: true, userName: true, role: true, status: true, active: true, activatedAt: true, source: true },
    });
    if (!member) throw new MemberNotFoundError();
    const status = statusForActive(input.active, member);
    if (member.active === input.active && member.status === status) return { changed: false, status };
    if (!input.active) {
      if (member.id === input.actorId) throw new CannotDeactivateSelfError();
      if (member.role === "ADMIN" && member.status === "ACTIVE" && (await countOtherActiveAdmins(tx, input.workspaceId, member.id)) === 0) {
        throw new LastAdminError("deactivate");
      }
    }
    await tx.member.update({
      where: { id: member.id },
      data: { active: input.active, status, updatedAt: new Date(), version: { increment: 1 } },
    });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: input.active ? "member.reactivated" : "member.deactivated",
      target: { type: "Member", id: member.id, label: member.userName },
      requestId: input.requestId,
      details: { from: member.status, to: status, source: member.source },
    });
    return { changed: true, status };
  });
}
