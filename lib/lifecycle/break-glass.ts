// Break-glass admins: the members who keep password sign-in when the workspace requires SSO (so an
// IdP outage cannot lock everyone out). Only admins can be break-glass; while SSO is required at
// least one ACTIVE break-glass admin must remain.
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { findMember } from "@/lib/directory/scim-user-store";
import { lockWorkspace, requireAdminActor } from "./admins";
import { BreakGlassError, MemberNotFoundError } from "./errors";

export async function setMemberBreakGlass(
  transaction: RawSqlTransaction,
  input: { workspaceId: string; actorId: string; memberId: string; breakGlass: boolean; requestId?: string | null },
): Promise<{ changed: boolean }> {
  return transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const member = await findMember(tx, input.workspaceId, input.memberId, { withGroups: false, forUpdate: true });
    if (!member) throw new MemberNotFoundError();
    const [current] = await tx.$queryRaw<{ breakGlass: boolean; requireSso: boolean; others: number }[]>(Prisma.sql`
      SELECT m."breakGlass", w."requireSso",
        (SELECT count(*)::int FROM "Member" o WHERE o."workspaceId" = w."id" AND o."id" <> m."id" AND o."breakGlass" AND o."role" = 'ADMIN' AND o."status" = 'ACTIVE') AS "others"
      FROM "Member" m JOIN "Workspace" w ON w."id" = m."workspaceId" WHERE m."id" = ${member.id}::uuid`);
    if (current.breakGlass === input.breakGlass) return { changed: false };
    if (input.breakGlass && member.role !== "ADMIN") throw new BreakGlassError("Only admins can be break-glass admins.");
    if (!input.breakGlass && current.requireSso && current.others === 0) {
      throw new BreakGlassError("While SSO is required, at least one active break-glass admin must keep password sign-in.");
    }
    await tx.$executeRaw(Prisma.sql`
      UPDATE "Member" SET "breakGlass" = ${input.breakGlass}, "version" = "version" + 1, "updatedAt" = now() WHERE "id" = ${member.id}::uuid`);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: "member.break_glass_changed",
      target: { type: "Member", id: member.id, label: member.userName },
      requestId: input.requestId,
      details: { breakGlass: input.breakGlass },
    });
    return { changed: true };
  });
}
