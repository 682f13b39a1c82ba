// Checks shared by every admin mutation, run INSIDE the mutation's transaction:
//  - the acting member is (still) an active ADMIN of the workspace — re-read from the database,
//    so a just-demoted admin's in-flight request fails (NotAllowedError);
//  - the workspace row is locked (SELECT ... FOR UPDATE), which serialises all admin-count
//    changes in one workspace: two admins demoting each other at the same moment cannot both
//    pass the "another admin remains" check.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/audit";
import type { RawSql } from "@/lib/db/raw-sql";
import { NotAllowedError } from "./errors";

type Tx = Prisma.TransactionClient;

// lockWorkspace and countOtherActiveAdmins are raw SQL: the SCIM API calls them in its own
// (driver-level) transactions, the admin UI in Prisma's.
export async function lockWorkspace(tx: RawSql, workspaceId: string): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId}::uuid FOR UPDATE`);
}

/** The audit actor for `actorId`, or NotAllowedError unless they are an ACTIVE ADMIN of the workspace. */
export async function requireAdminActor(tx: Tx, workspaceId: string, actorId: string): Promise<Actor> {
  const actor = await tx.member.findFirst({
    where: { id: actorId, workspaceId },
    select: { id: true, userName: true, role: true, status: true },
  });
  if (!actor || actor.status === "DISABLED") throw new NotAllowedError("signed-out");
  if (actor.role !== "ADMIN" || actor.status !== "ACTIVE") throw new NotAllowedError("not-admin");
  return { kind: "MEMBER", id: actor.id, label: actor.userName };
}

/** Active admins other than `memberId`. Call after lockWorkspace() in the same transaction. */
export async function countOtherActiveAdmins(tx: RawSql, workspaceId: string, memberId: string): Promise<number> {
  const [{ n }] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT count(*)::int AS "n" FROM "Member"
    WHERE "workspaceId" = ${workspaceId}::uuid AND "role" = 'ADMIN' AND "status" = 'ACTIVE' AND "id" <> ${memberId}::uuid`);
  return n;
}
