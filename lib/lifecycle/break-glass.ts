// Break-glass admins: the members who keep password sign-in when the workspace requires SSO (so an
// IdP outage cannot lock everyone out). Only admins can be break-glass; while SSO is required at
// least one ACTIVE break-glass admin must remain.
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";
import type { RawSql } from "@/lib/db/raw-sql";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { findMember } from "@/lib/directory/scim-user-store";
import { lockWorkspace, requireAdminActor } from "./admins";
import { BreakGlassError, LastBreakGlassAdminError, MemberNotFoundError } from "./errors";

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
      throw new LastBreakGlassAdminError("unmark", { workspaceId: input.workspaceId, id: member.id, userName: member.userName });
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

/**
 * The audit event of a refused change that would have left no break-glass admin
 * (LastBreakGlassAdminError). Written by the door after its transaction rolled back, so the
 * attempt stays on record: `sso.break_glass_refused`, on Activity under SSO.
 */
export async function recordBreakGlassRefusal(db: RawSql, error: LastBreakGlassAdminError, door: { actor: Actor; requestId?: string | null; via: "admin" | "scim" }): Promise<void> {
  await recordAudit(db, {
    workspaceId: error.member.workspaceId,
    actor: door.actor,
    action: "sso.break_glass_refused",
    target: { type: "Member", id: error.member.id, label: error.member.userName },
    outcome: "FAILURE",
    requestId: door.requestId,
    details: { change: error.change, via: door.via, ...(error.cause && { cause: error.cause }), message: error.message },
  });
}
