// SCIM may disable or delete any member, including the admins who run the workspace. It may not
// remove the LAST active admin: that would lock everyone out of Members, Settings and the API
// tokens, with no way back short of the database. The IdP gets a 403 explaining why (Okta and
// Entra show the detail in their provisioning logs), and nothing is changed.
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql } from "@/lib/db/raw-sql";
import { countOtherActiveAdmins, lockWorkspace } from "@/lib/members/admin-guard";
import { ScimError } from "@/lib/scim/errors";

type Tx = RawSql;

export const lastAdminRefused = (change: "disable" | "delete") =>
  new ScimError(
    403,
    undefined,
    `This member is the workspace's last active admin and cannot be ${change === "disable" ? "disabled" : "deleted"} by provisioning. Make another member an admin in Roster first.`,
  );

/**
 * Throws lastAdminRefused unless removing `member` leaves another active admin. Locks the
 * workspace row first (as the admin UI does), so two concurrent requests cannot both remove
 * "the other" admin.
 */
export async function ensureNotLastActiveAdmin(
  tx: Tx,
  workspaceId: string,
  member: { id: string; role: string; status: string },
  change: "disable" | "delete",
): Promise<void> {
  if (member.role !== "ADMIN" || member.status !== "ACTIVE") return;
  await lockWorkspace(tx, workspaceId);
  if ((await countOtherActiveAdmins(tx, workspaceId, member.id)) === 0) throw lastAdminRefused(change);
}

/** The same check for DELETE, which has not read the member yet. */
export async function ensureDeletableByScim(tx: Tx, workspaceId: string, memberId: string): Promise<void> {
  const [member] = await tx.$queryRaw<{ id: string; role: string; status: string }[]>(Prisma.sql`
    SELECT "id"::text AS "id", "role"::text AS "role", "status"::text AS "status" FROM "Member"
    WHERE "id" = ${memberId}::uuid AND "workspaceId" = ${workspaceId}::uuid`);
  if (member) await ensureNotLastActiveAdmin(tx, workspaceId, member, "delete");
}
