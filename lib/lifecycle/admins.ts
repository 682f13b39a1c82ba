// The admin rules every transition shares, run INSIDE the transition's transaction:
//  - the acting member is (still) an active ADMIN — re-read, so a just-demoted admin's in-flight
//    request fails (NotAllowedError);
//  - nothing may leave a workspace without an active admin, nor — while it requires SSO — without
//    an active break-glass admin (LastBreakGlassAdminError). The workspace row is locked first
//    (SELECT … FOR UPDATE), which serialises every admin-count change in one workspace: two
//    requests removing "the other" admin at the same moment cannot both pass.
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/audit";
import type { RawSql } from "@/lib/db/raw-sql";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import { can, notPermittedMessage, type Permission } from "@/lib/permissions/roles";
import { LastAdminError, LastBreakGlassAdminError, NotAllowedError, type LastAdminChange, type LastBreakGlassChange } from "./errors";

export async function lockWorkspace(tx: RawSql, workspaceId: string): Promise<void> {
  await tx.$queryRaw(Prisma.sql`SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId}::uuid FOR UPDATE`);
}

/** The audit actor for `actorId`, or NotAllowedError unless they are an ACTIVE ADMIN of the workspace. */
export async function requireAdminActor(tx: RawSql, workspaceId: string, actorId: string): Promise<Actor> {
  const [actor] = await tx.$queryRaw<{ id: string; userName: string; role: string; status: string }[]>(Prisma.sql`
    SELECT "id"::text AS "id", "userName", "role"::text AS "role", "status"::text AS "status" FROM "Member"
    WHERE "id" = ${actorId}::uuid AND "workspaceId" = ${workspaceId}::uuid`);
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

/** LastAdminError unless removing `member`'s admin rights (or the member) leaves another active admin. Locks the workspace. */
export async function ensureNotLastActiveAdmin(
  tx: RawSql,
  workspaceId: string,
  member: { id: string; role: string; status: string },
  change: LastAdminChange,
): Promise<void> {
  if (member.role !== "ADMIN" || member.status !== "ACTIVE") return;
  await lockWorkspace(tx, workspaceId);
  if ((await countOtherActiveAdmins(tx, workspaceId, member.id)) === 0) throw new LastAdminError(change);
  if (change !== "lose-role") await ensureBreakGlassRemainsWithout(tx, workspaceId, member.id, change);
}

/**
 * LastBreakGlassAdminError when the workspace requires SSO, `memberId` is an active break-glass
 * admin and no OTHER active admin is break-glass — i.e. taking this member's admin rights, access
 * or mark away would leave nobody who can sign in without the IdP. Call after lockWorkspace().
 */
export async function ensureBreakGlassRemainsWithout(tx: RawSql, workspaceId: string, memberId: string, change: LastBreakGlassChange, cause?: string): Promise<void> {
  const [row] = await tx.$queryRaw<{ userName: string; refused: boolean }[]>(Prisma.sql`
    SELECT m."userName",
      (w."requireSso" AND m."breakGlass" AND m."role" = 'ADMIN' AND m."status" = 'ACTIVE'
       AND NOT EXISTS (SELECT 1 FROM "Member" o WHERE o."workspaceId" = w."id" AND o."id" <> m."id" AND o."breakGlass" AND o."role" = 'ADMIN' AND o."status" = 'ACTIVE')) AS "refused"
    FROM "Member" m JOIN "Workspace" w ON w."id" = m."workspaceId"
    WHERE m."id" = ${memberId}::uuid AND m."workspaceId" = ${workspaceId}::uuid`);
  if (row?.refused) throw new LastBreakGlassAdminError(change, { workspaceId, id: memberId, userName: row.userName }, cause);
}

/**
 * After a write that took the Admin role away from `lost` (break-glass admins among them): while
 * the workspace requires SSO an active break-glass admin must remain. Call after lockWorkspace().
 */
export async function ensureBreakGlassRemainsAfter(
  tx: RawSql,
  workspaceId: string,
  lost: { id: string; userName: string }[],
  change: LastBreakGlassChange,
  cause?: string,
): Promise<void> {
  if (lost.length === 0) return;
  const [row] = await tx.$queryRaw<{ refused: boolean }[]>(Prisma.sql`
    SELECT (w."requireSso" AND NOT EXISTS (SELECT 1 FROM "Member" o WHERE o."workspaceId" = w."id" AND o."breakGlass" AND o."role" = 'ADMIN' AND o."status" = 'ACTIVE')) AS "refused"
    FROM "Workspace" w WHERE w."id" = ${workspaceId}::uuid`);
  if (row?.refused) throw new LastBreakGlassAdminError(change, { workspaceId, ...lost[0] }, cause);
}

/**
 * The acting member, or NotAllowedError unless they are ACTIVE and their role (re-read in this
 * transaction) has `permission` (lib/permissions/roles.ts). Returns their role too: some rules
 * depend on it (Editors act on non-Admins only, up to Editor).
 */
export async function requirePermittedActor(tx: RawSql, workspaceId: string, actorId: string, permission: Permission): Promise<{ actor: Actor; role: MemberRole }> {
  const [actor] = await tx.$queryRaw<{ id: string; userName: string; role: MemberRole; status: MemberStatus }[]>(Prisma.sql`
    SELECT "id"::text AS "id", "userName", "role"::text AS "role", "status"::text AS "status" FROM "Member"
    WHERE "id" = ${actorId}::uuid AND "workspaceId" = ${workspaceId}::uuid`);
  if (!actor || actor.status === "DISABLED") throw new NotAllowedError("signed-out");
  if (actor.status !== "ACTIVE" || !can(actor, permission)) throw new NotAllowedError("not-permitted", notPermittedMessage(permission));
  return { actor: { kind: "MEMBER", id: actor.id, label: actor.userName }, role: actor.role };
}
