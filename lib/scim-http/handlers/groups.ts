// /Groups. Members are loaded only when the response carries them (`excludedAttributes=members`
// and `attributes=displayName` skip them entirely). PATCH applies membership changes as row
// inserts/deletes proportional to the change: the group is patched without its members
// (`membersLoaded: false`), and only an operation that must look at them (e.g. a remove filtered
// on `display`) loads them. Unknown member ids are rejected (400 invalidValue, nothing applied).
import { Prisma } from "@/lib/generated/prisma/client";
import { auditInsertSelectSql, recordAudit } from "@/lib/audit";
import {
  addMembers,
  applyMembershipDelta,
  deleteGroup,
  findGroup,
  groupNotFound,
  insertGroup,
  listGroups,
  membersJsonOfGroup,
  membersOfGroups,
  removeAllMembers,
  updateGroup,
  writeMembershipInOneStatement,
  MEMBERSHIP_WRITE_AUDIT_COLUMNS,
  type GroupRow,
  type MembershipResult,
} from "@/lib/directory/scim-group-store";
import type { Db } from "@/lib/directory/scim-repository";
import { changedColumns, groupInputToColumns, groupToRecord } from "@/lib/directory/scim-records";
import { buildListResponse, parseListQuery, parseProjectionQuery, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import { applyPatch, isNeedsMembersError, parsePatchRequest, type ApplyPatchResult, type PatchOperation } from "@/lib/scim/patch";
import { wantsAttribute, type ProjectionParams } from "@/lib/scim/projection";
import { fromScimGroup, toScimGroup } from "@/lib/scim/resource";
import { etag } from "@/lib/scim/resource/etag";
import { GROUP_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import { GROUP_SCHEMA } from "@/lib/scim/schemas/types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { checkIfMatch, hasProjection, ifMatchPredicate, inTransaction, notModified, projected, resourceResponse, retryingConflicts } from "./common";

const wantsMembers = (params: ProjectionParams) => wantsAttribute(GROUP_RESOURCE_TYPE, params, "members");

export const groupResource = (ctx: ScimContext, row: GroupRow) => toScimGroup(groupToRecord(row), { baseUrl: ctx.baseUrl });
const groupLocation = (ctx: ScimContext, id: string) => `${ctx.baseUrl}/Groups/${id}`;

export function groupListOptions(ctx: ScimContext) {
  return { resourceType: GROUP_RESOURCE_TYPE, maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults), filterLimits: ctx.limits.filter };
}

export async function respondWithGroupList(ctx: ScimContext, query: ListQuery): Promise<ScimResponse> {
  const { rows, total } = await listGroups(ctx.sql, ctx.workspaceId, query, query.count > 0 && wantsMembers(query));
  const resources = rows.map((row) => projected(groupResource(ctx, row), GROUP_RESOURCE_TYPE, query));
  return { status: 200, body: buildListResponse(resources, { totalResults: total, startIndex: query.startIndex }) };
}

export async function listGroupsHandler(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  return respondWithGroupList(ctx, parseListQuery(request.query, groupListOptions(ctx)));
}

export async function searchGroups(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  return respondWithGroupList(ctx, parseSearchRequest(request.body, groupListOptions(ctx)));
}

export async function getGroup(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const params = parseProjectionQuery(request.query);
  // The plain full read (what Okta and most clients send) has its member list built as JSON
  // text by the database; a projection needs the members as values to select from.
  const membersAsText = !hasProjection(params);
  const row = await findGroup(ctx.sql, ctx.workspaceId, id, { withMembers: wantsMembers(params) && !membersAsText });
  if (!row) throw groupNotFound();
  const unchanged = notModified(request.ifNoneMatch, row.version);
  if (unchanged) return unchanged;
  if (!membersAsText) return resourceResponse(200, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version);
  const members = await membersJsonOfGroup(ctx.sql, row.id, `${ctx.baseUrl}/Users/`);
  const withoutMembers = JSON.stringify(groupResource(ctx, row));
  return {
    status: 200,
    rawBody: members === null ? withoutMembers : [`${withoutMembers.slice(0, -1)},"members":`, members, "}"],
    headers: { ETag: etag(row.version) },
  };
}

async function auditMembership(tx: Db, ctx: ScimContext, group: GroupRow, result: MembershipResult): Promise<void> {
  if (result.added === 0 && result.removed === 0 && !result.replacedAll) return;
  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: "scim.group.members_changed",
    target: { type: "Group", id: group.id, label: group.displayName },
    requestId: ctx.requestId,
    details: { added: result.added, removed: result.removed, replacedAll: result.replacedAll },
  });
}

/** `scim.group.updated`, naming the changed columns (and the old name on a rename). */
async function auditGroupUpdate(
  tx: Db,
  ctx: ScimContext,
  before: GroupRow,
  after: GroupRow,
  method: "PUT" | "PATCH",
  changed: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: "scim.group.updated",
    target: { type: "Group", id: before.id, label: after.displayName },
    requestId: ctx.requestId,
    details: { method, changed: Object.keys(changed), ...(changed.displayName !== undefined && { from: before.displayName }) },
  });
}

export async function createGroup(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const input = fromScimGroup(request.body);
  const params = parseProjectionQuery(request.query);
  const row = await inTransaction(ctx, async (tx) => {
    const created = await insertGroup(tx, ctx.workspaceId, groupInputToColumns(input));
    const added = input.members?.length ? await addMembers(tx, ctx.workspaceId, created.id, input.members) : 0;
    await recordAudit(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: "scim.group.created",
      target: { type: "Group", id: created.id, label: created.displayName },
      requestId: ctx.requestId,
      details: { members: added, externalId: created.externalId },
    });
    if (wantsMembers(params)) created.members = added > 0 ? ((await membersOfGroups(tx, [created.id])).get(created.id) ?? []) : [];
    return created;
  });
  return resourceResponse(201, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version, groupLocation(ctx, row.id));
}

/**
 * PUT replaces displayName, externalId and unknown attributes. `members`, when present, replaces
 * the member list (`[]` empties it); when absent the members are left as they are (RFC 7644
 * §3.5.1 lets a server treat an omitted attribute as not asserted), so a rename by PUT never
 * has to resend a large group.
 */
export async function replaceGroup(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const input = fromScimGroup(request.body);
  const params = parseProjectionQuery(request.query);
  const row = await inTransaction(ctx, async (tx) => {
    const current = await findGroup(tx, ctx.workspaceId, id, { withMembers: false, forUpdate: true });
    if (!current) throw groupNotFound();
    checkIfMatch(request.ifMatch, current.version);
    const changed = changedColumns(current as unknown as Record<string, unknown>, groupInputToColumns(input));
    let membership: MembershipResult | undefined;
    if (input.members !== undefined) {
      const removed = await removeAllMembers(tx, current.id);
      const added = await addMembers(tx, ctx.workspaceId, current.id, input.members);
      membership = { added, removed, replacedAll: true };
    }
    const updated = await updateGroup(tx, current, changed);
    await auditGroupUpdate(tx, ctx, current, updated, "PUT", changed);
    if (membership) await auditMembership(tx, ctx, updated, membership);
    if (wantsMembers(params)) updated.members = (await membersOfGroups(tx, [updated.id])).get(updated.id) ?? [];
    return updated;
  });
  return resourceResponse(200, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version);
}

/** First without members; again with them only when an operation needs to look at them. */
async function patchGroupResource(
  tx: Db,
  ctx: ScimContext,
  current: GroupRow,
  operations: PatchOperation[],
): Promise<ApplyPatchResult> {
  try {
    return applyPatch(groupResource(ctx, current), operations, { resourceType: GROUP_RESOURCE_TYPE, membersLoaded: false });
  } catch (error) {
    if (!isNeedsMembersError(error)) throw error;
    const loaded = { ...current, members: (await membersOfGroups(tx, [current.id])).get(current.id) ?? [] };
    return applyPatch(groupResource(ctx, loaded), operations, { resourceType: GROUP_RESOURCE_TYPE, membersLoaded: true });
  }
}

/**
 * The PATCH identity providers send most — add and/or remove members, nothing else, no If-Match,
 * no projection — as one statement (writeMembershipInOneStatement), with the same audit event
 * the transaction below writes. Nothing is read first: a members-only change does not depend on
 * the group's other attributes, so the operations are tried on a stand-in group, and only if they
 * touch members alone does the write run (it tells a missing group, 404, from unknown members,
 * 400). Anything else — other attributes, replacing all members, an operation that needs the
 * member list, or one the stand-in rejects — returns null: the general path then reads the real
 * group and gives the authoritative answer (404 before a bad operation, as always).
 */
async function patchMembersOnly(
  ctx: ScimContext,
  request: ScimRequest,
  id: string,
  operations: PatchOperation[],
  params: ProjectionParams,
): Promise<ScimResponse | null> {
  if (request.ifMatch !== null || hasProjection(params)) return null;
  let patched: ApplyPatchResult;
  try {
    patched = applyPatch({ schemas: [GROUP_SCHEMA], id, displayName: "" }, operations, { resourceType: GROUP_RESOURCE_TYPE, membersLoaded: false });
  } catch {
    return null;
  }
  const delta = patched.changes.members;
  if (!delta || delta.replaceAll !== null || [...patched.changes.attributes].some((name) => name !== "members")) return null;
  const removing = new Set(delta.remove.map((value) => value.toLowerCase()));
  if (delta.add.some((member) => removing.has(member.value.toLowerCase()))) return null;
  const c = MEMBERSHIP_WRITE_AUDIT_COLUMNS;
  const changed = Prisma.sql`${c.added} + ${c.removed} > 0`;
  // As in the transaction: members_changed with the counts, or — nothing changed — group.updated.
  const audit = auditInsertSelectSql(
    { workspaceId: ctx.workspaceId, actor: ctx.actor, requestId: ctx.requestId },
    {
      targetType: "Group",
      targetId: c.targetId,
      targetLabel: c.targetLabel,
      action: Prisma.sql`CASE WHEN ${changed} THEN 'scim.group.members_changed' ELSE 'scim.group.updated' END`,
      details: Prisma.sql`CASE WHEN ${changed}
        THEN jsonb_build_object('added', ${c.added}, 'removed', ${c.removed}, 'replacedAll', false)
        ELSE jsonb_build_object('method', 'PATCH', 'changed', '[]'::jsonb) END`,
      from: c.from,
    },
  );
  const result = await retryingConflicts(() =>
    writeMembershipInOneStatement(ctx.sql, { workspaceId: ctx.workspaceId, groupId: id, add: delta.add, remove: delta.remove, audit }),
  );
  return { status: 204, headers: { ETag: etag(result.version) } };
}

/**
 * PATCH answers 204 No Content (RFC 7644 §3.5.2 allows it; Okta and Entra ID expect it for
 * groups), so a membership change never serializes the group's members. With `attributes` or
 * `excludedAttributes` the client asks for the resource: 200 with the projection.
 */
export async function patchGroup(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const { operations } = parsePatchRequest(request.body);
  const params = parseProjectionQuery(request.query);
  const membersOnly = await patchMembersOnly(ctx, request, id, operations, params);
  if (membersOnly) return membersOnly;
  const row = await inTransaction(ctx, async (tx) => {
    const current = await findGroup(tx, ctx.workspaceId, id, { withMembers: false, forUpdate: true });
    if (!current) throw groupNotFound();
    checkIfMatch(request.ifMatch, current.version);
    const { resource, changes } = await patchGroupResource(tx, ctx, current, operations);
    const attributesChanged = [...changes.attributes].some((name) => name !== "members");
    const changed = attributesChanged
      ? changedColumns(current as unknown as Record<string, unknown>, groupInputToColumns(fromScimGroup({ ...resource, members: undefined })))
      : {};
    const membership = changes.members ? await applyMembershipDelta(tx, ctx.workspaceId, current.id, changes.members) : undefined;
    const updated = await updateGroup(tx, current, changed);
    const membersChanged = membership !== undefined && (membership.added > 0 || membership.removed > 0 || membership.replacedAll);
    // A PATCH that changed nothing is still a write request: record it, so every one is audited.
    if (Object.keys(changed).length > 0 || !membersChanged) await auditGroupUpdate(tx, ctx, current, updated, "PATCH", changed);
    if (membership) await auditMembership(tx, ctx, updated, membership);
    if (hasProjection(params) && wantsMembers(params)) updated.members = (await membersOfGroups(tx, [updated.id])).get(updated.id) ?? [];
    return updated;
  });
  if (!hasProjection(params)) return { status: 204, headers: { ETag: etag(row.version) } };
  return resourceResponse(200, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version);
}

export async function deleteGroupHandler(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  await inTransaction(ctx, async (tx) => {
    const deleted = await deleteGroup(tx, ctx.workspaceId, id, ifMatchPredicate(request.ifMatch));
    if (!deleted) throw groupNotFound();
    await recordAudit(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: "scim.group.deleted",
      target: { type: "Group", id, label: deleted.displayName },
      requestId: ctx.requestId,
    });
  });
  return { status: 204 };
}
