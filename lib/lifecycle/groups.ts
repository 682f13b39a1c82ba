// Group transitions: create, replace (PUT), change (PATCH), change members only (the one-statement
// PATCH identity providers send most), delete. Each is one transaction — or one statement — with
// its audit events and the group's version bump, whatever door it came through. The SQL lives in
// lib/directory's group store; this module decides what is written and recorded.
import { Prisma } from "@/lib/generated/prisma/client";
import { auditInsertSelectSql, recordAudit } from "@/lib/audit";
import type { RawSql, RawSqlTransaction } from "@/lib/db/raw-sql";
import {
  addMembers,
  applyMembershipDelta,
  deleteGroup as deleteGroupRow,
  findGroup,
  insertGroup,
  isUuidList,
  memberIdsOfGroup,
  setGroupGrantsRole,
  removeAllMembers,
  updateGroup,
  writeMembershipInOneStatement,
  MEMBERSHIP_WRITE_AUDIT_COLUMNS,
  type GroupRow,
  type GroupWritable,
  type MemberInput,
  type MembershipDeltaInput,
  type MembershipResult,
} from "@/lib/directory/scim-group-store";
import { changedColumns } from "@/lib/directory/scim-records";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { ROLE_LABEL } from "@/lib/permissions/roles";
import { lockWorkspace, requirePermittedActor } from "./admins";
import type { Door } from "./door";
import { GroupNotFoundError } from "./errors";
import { recomputeRoles, roleWritesForAdds, type RoleChange } from "./roles";

type GroupVerb = "created" | "updated" | "members_changed" | "deleted" | "role_mapping_changed";

/** The door's vocabulary, as for members: `scim.group.*` for what an IdP asked, `group.*` otherwise. */
export const groupAction = (door: Door, verb: GroupVerb) => (door.kind === "scim" ? `scim.group.${verb}` : `group.${verb}`);

const target = (group: { id: string; displayName: string }) => ({ type: "Group", id: group.id, label: group.displayName });

async function auditMembership(tx: RawSql, door: Door, workspaceId: string, group: GroupRow, result: MembershipResult): Promise<void> {
  if (result.added === 0 && result.removed === 0 && !result.replacedAll) return;
  await recordAudit(tx, {
    workspaceId,
    actor: door.actor,
    action: groupAction(door, "members_changed"),
    target: target(group),
    requestId: door.requestId,
    details: { added: result.added, removed: result.removed, replacedAll: result.replacedAll },
  });
}

async function auditUpdate(tx: RawSql, door: Door, workspaceId: string, before: GroupRow, after: GroupRow, method: string, changed: Record<string, unknown>) {
  await recordAudit(tx, {
    workspaceId,
    actor: door.actor,
    action: groupAction(door, "updated"),
    target: target(after),
    requestId: door.requestId,
    details: { method, changed: Object.keys(changed), ...(changed.displayName !== undefined && { from: before.displayName }) },
  });
}

/** A new group with its first members (unknown member ids refuse the whole creation). */
export async function createGroup(tx: RawSql, door: Door, input: { workspaceId: string; columns: GroupWritable; members?: MemberInput[] }): Promise<{ row: GroupRow; added: number }> {
  const row = await insertGroup(tx, input.workspaceId, input.columns);
  const added = input.members?.length ? await addMembers(tx, input.workspaceId, row.id, input.members) : 0;
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: door.actor,
    action: groupAction(door, "created"),
    target: target(row),
    requestId: door.requestId,
    details: { members: added, externalId: row.externalId },
  });
  return { row, added };
}

export interface GroupChange {
  workspaceId: string;
  /** The group as it is now, locked by the caller (findGroup with forUpdate) in this transaction. */
  current: GroupRow;
  /** The group's new attributes; only those that differ are written. */
  columns: GroupWritable | null;
  /** Membership: replace every member (PUT with `members`), or a PATCH delta; null leaves them. */
  members: { replaceWith: MemberInput[] } | MembershipDeltaInput | null;
  /** The request's method, for the audit event. */
  method: "PUT" | "PATCH";
}

/**
 * Changes a group's attributes and/or members and bumps its version, auditing `updated` (the
 * changed attributes, or a change that changed nothing — every write request is recorded) and
 * `members_changed` (the counts).
 */
export async function changeGroup(tx: RawSql, door: Door, change: GroupChange): Promise<GroupRow> {
  const { current, workspaceId } = change;
  const changed = change.columns ? changedColumns(current as unknown as Record<string, unknown>, change.columns) : {};
  // A group that grants a role: everyone who joins or leaves may change role (recomputed below).
  const grantsRole = current.grantsRole !== null && change.members !== null;
  const replacing = change.members !== null && ("replaceWith" in change.members || change.members.replaceAll !== null);
  if (grantsRole) await lockWorkspace(tx, workspaceId);
  const affected = grantsRole && replacing ? await memberIdsOfGroup(tx, current.id) : [];
  let membership: MembershipResult | undefined;
  if (change.members && "replaceWith" in change.members) {
    const removed = await removeAllMembers(tx, current.id);
    const added = await addMembers(tx, workspaceId, current.id, change.members.replaceWith);
    membership = { added, removed, replacedAll: true };
  } else if (change.members) {
    membership = await applyMembershipDelta(tx, workspaceId, current.id, change.members);
  }
  const updated = await updateGroup(tx, current, changed);
  const membersChanged = membership !== undefined && (membership.added > 0 || membership.removed > 0 || membership.replacedAll);
  if (change.method === "PUT" || Object.keys(changed).length > 0 || !membersChanged) {
    await auditUpdate(tx, door, workspaceId, current, updated, change.method, changed);
  }
  if (membership) await auditMembership(tx, door, workspaceId, updated, membership);
  if (grantsRole && change.members) {
    const members = change.members;
    const named = "replaceWith" in members ? members.replaceWith.map((m) => m.value) : [...(members.replaceAll ?? members.add).map((m) => m.value), ...members.remove];
    await recomputeRoles(tx, door, {
      workspaceId,
      scope: { memberIds: isUuidList([...affected, ...named]) },
      cause: { kind: "group", groupId: current.id, groupName: updated.displayName, change: "members" },
    });
  }
  return updated;
}

/**
 * Adds and removes members — nothing else — as ONE statement (the group store's
 * writeMembershipInOneStatement), with the same audit event changeGroup writes: `members_changed`
 * with the counts, or — nothing changed — `updated` with no attributes. No read first, and the
 * group's row lock is held only while the statement runs. Throws GroupNotFoundError or
 * UnknownMembersError (nothing applied). Adds to a group that grants a role raise the new members'
 * roles in the same statement (roleWritesForAdds). Null (nothing applied): a removal from a group
 * that grants a role — the caller takes the transaction path (changeGroup: workspace lock,
 * recompute, last-admin rule).
 */
export async function changeGroupMembers(
  sql: RawSql,
  door: Door,
  input: { workspaceId: string; groupId: string; add: MemberInput[]; remove: string[] },
): Promise<(MembershipResult & { version: number }) | null> {
  const c = MEMBERSHIP_WRITE_AUDIT_COLUMNS;
  const changed = Prisma.sql`${c.added} + ${c.removed} > 0`;
  const audit = auditInsertSelectSql(
    { workspaceId: input.workspaceId, actor: door.actor, requestId: door.requestId },
    {
      targetType: "Group",
      targetId: c.targetId,
      targetLabel: c.targetLabel,
      action: Prisma.sql`CASE WHEN ${changed} THEN ${groupAction(door, "members_changed")} ELSE ${groupAction(door, "updated")} END`,
      details: Prisma.sql`CASE WHEN ${changed}
        THEN jsonb_build_object('added', ${c.added}, 'removed', ${c.removed}, 'replacedAll', false)
        ELSE jsonb_build_object('method', 'PATCH', 'changed', '[]'::jsonb) END`,
      from: c.from,
    },
  );
  return writeMembershipInOneStatement(sql, { ...input, audit, roleWrites: roleWritesForAdds(door, input.workspaceId) });
}

/**
 * Locks a group for a change on the transaction path (PUT, PATCH, delete) in the lock order every
 * transition keeps — the workspace first, then the group — when the group grants a role: its
 * members' roles and the last-admin rule are at stake, and setGroupRole / recomputeRoles take the
 * workspace first too (the other order could deadlock with them). A group without a role is
 * locked alone, so the group writes of one workspace do not queue behind each other. (A group
 * mapped to a role between the two reads is covered by changeGroup / recomputeRoles locking the
 * workspace themselves.)
 */
export async function lockGroupForChange(tx: RawSql, workspaceId: string, groupId: string): Promise<GroupRow | null> {
  const seen = await findGroup(tx, workspaceId, groupId, { withMembers: false });
  if (!seen) return null;
  if (seen.grantsRole !== null) await lockWorkspace(tx, workspaceId);
  return findGroup(tx, workspaceId, groupId, { withMembers: false, forUpdate: true });
}

/** Deletes a group (its memberships go by cascade); null when there is no such group. */
export async function deleteGroup(
  tx: RawSql,
  door: Door,
  input: { workspaceId: string; groupId: string; expectedVersion?: (version: number) => boolean },
): Promise<{ displayName: string } | null> {
  // Its members lose the role it grants: recomputed as if it were gone, before the memberships go.
  const group = await lockGroupForChange(tx, input.workspaceId, input.groupId);
  if (group?.grantsRole) {
    await recomputeRoles(tx, door, {
      workspaceId: input.workspaceId,
      scope: { groupId: group.id },
      ignoreGroupId: group.id,
      cause: { kind: "group", groupId: group.id, groupName: group.displayName, change: "deleted" },
    });
  }
  const deleted = await deleteGroupRow(tx, input.workspaceId, input.groupId, input.expectedVersion);
  if (!deleted) return null;
  await recordAudit(tx, {
    workspaceId: input.workspaceId,
    actor: door.actor,
    action: groupAction(door, "deleted"),
    target: { type: "Group", id: input.groupId, label: deleted.displayName },
    requestId: door.requestId,
  });
  return deleted;
}

/**
 * "Members of this group get role X" (null: no role), set by an admin on the group's page. The
 * group's members are recomputed in the same transaction — one statement however many there are —
 * and the change is refused (LastAdminError) if it would leave no active admin.
 */
export async function setGroupRole(
  transaction: RawSqlTransaction,
  input: { workspaceId: string; actorId: string; groupId: string; role: MemberRole | null; requestId?: string | null },
): Promise<{ changed: boolean; roleChanges: RoleChange[] }> {
  return transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const { actor } = await requirePermittedActor(tx, input.workspaceId, input.actorId, "groups.mapRole");
    const door: Door = { kind: "admin", actor, requestId: input.requestId };
    const group = await findGroup(tx, input.workspaceId, input.groupId, { withMembers: false, forUpdate: true });
    if (!group) throw new GroupNotFoundError();
    if (group.grantsRole === input.role) return { changed: false, roleChanges: [] };
    const updated = await setGroupGrantsRole(tx, group.id, input.role);
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor: door.actor,
      action: groupAction(door, "role_mapping_changed"),
      target: target(updated),
      requestId: door.requestId,
      details: { from: group.grantsRole, to: input.role, label: input.role ? ROLE_LABEL[input.role] : null },
    });
    const roleChanges = await recomputeRoles(tx, door, {
      workspaceId: input.workspaceId,
      scope: { groupId: group.id },
      cause: { kind: "group", groupId: group.id, groupName: group.displayName, change: "mapping" },
    });
    return { changed: true, roleChanges };
  });
}
