// /Groups. Members are loaded only when the response carries them (`excludedAttributes=members`
// and `attributes=displayName` skip them entirely). PATCH applies membership changes as row
// inserts/deletes proportional to the change: the group is patched without its members
// (`membersLoaded: false`), and only an operation that must look at them (e.g. a remove filtered
// on `display`) loads them. Unknown member ids are rejected (400 invalidValue, nothing applied).
// Every write is a lib/lifecycle group transition; this file translates HTTP ↔ those calls.
import {
  findGroup,
  listGroupRows,
  membersJsonOfGroup,
  membersOfGroups,
  type GroupRow,
} from "@/lib/directory/scim-group-store";
import type { RawSql } from "@/lib/db/raw-sql";
import { groupInputToColumns, groupToRecord } from "@/lib/directory/scim-records";
import { changeGroup, changeGroupMembers, createGroup as createGroupIn, deleteGroup, lockGroupForChange, type Door } from "@/lib/lifecycle";
import { buildListResponse, parseListQuery, parseProjectionQuery, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import { applyPatch, isNeedsMembersError, parsePatchRequest, type ApplyPatchResult, type PatchOperation } from "@/lib/scim/patch";
import { wantsAttribute, type ProjectionParams } from "@/lib/scim/projection";
import { fromScimGroup, toScimGroup } from "@/lib/scim/resource";
import { etag } from "@/lib/scim/resource/etag";
import { GROUP_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import { GROUP_SCHEMA } from "@/lib/scim/schemas/types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { groupNotFound } from "../errors";
import { checkIfMatch, hasProjection, ifMatchPredicate, inTransaction, notModified, projected, resourceResponse, retryingConflicts } from "./common";

const wantsMembers = (params: ProjectionParams) => wantsAttribute(GROUP_RESOURCE_TYPE, params, "members");

export const groupResource = (ctx: ScimContext, row: GroupRow) => toScimGroup(groupToRecord(row), { baseUrl: ctx.baseUrl });
const groupLocation = (ctx: ScimContext, id: string) => `${ctx.baseUrl}/Groups/${id}`;

export function groupListOptions(ctx: ScimContext) {
  return { resourceType: GROUP_RESOURCE_TYPE, maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults), filterLimits: ctx.limits.filter };
}

export async function respondWithGroupList(ctx: ScimContext, query: ListQuery): Promise<ScimResponse> {
  const { rows, total } = await listGroupRows(ctx.sql, ctx.workspaceId, query, query.count > 0 && wantsMembers(query));
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

/** The SCIM door of every group transition. */
const scimDoor = (ctx: ScimContext): Door => ({ kind: "scim", actor: ctx.actor, requestId: ctx.requestId });

export async function createGroup(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const input = fromScimGroup(request.body);
  const params = parseProjectionQuery(request.query);
  const row = await inTransaction(ctx, async (tx) => {
    const { row: created, added } = await createGroupIn(tx, scimDoor(ctx), { workspaceId: ctx.workspaceId, columns: groupInputToColumns(input), members: input.members });
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
    const current = await lockGroupForChange(tx, ctx.workspaceId, id);
    if (!current) throw groupNotFound();
    checkIfMatch(request.ifMatch, current.version);
    const updated = await changeGroup(tx, scimDoor(ctx), {
      workspaceId: ctx.workspaceId,
      current,
      columns: groupInputToColumns(input),
      members: input.members !== undefined ? { replaceWith: input.members } : null,
      method: "PUT",
    });
    if (wantsMembers(params)) updated.members = (await membersOfGroups(tx, [updated.id])).get(updated.id) ?? [];
    return updated;
  });
  return resourceResponse(200, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version);
}

/** First without members; again with them only when an operation needs to look at them. */
async function patchGroupResource(
  tx: RawSql,
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
 * group and gives the authoritative answer (404 before a bad operation, as always). So does a
 * group that grants a role: its members' roles are recomputed in that transaction.
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
  const result = await retryingConflicts(() =>
    changeGroupMembers(ctx.sql, scimDoor(ctx), { workspaceId: ctx.workspaceId, groupId: id, add: delta.add, remove: delta.remove }),
  );
  // null: the group grants a role (its members' roles change too), so the transaction path writes it.
  return result && { status: 204, headers: { ETag: etag(result.version) } };
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
    const current = await lockGroupForChange(tx, ctx.workspaceId, id);
    if (!current) throw groupNotFound();
    checkIfMatch(request.ifMatch, current.version);
    const { resource, changes } = await patchGroupResource(tx, ctx, current, operations);
    const attributesChanged = [...changes.attributes].some((name) => name !== "members");
    const updated = await changeGroup(tx, scimDoor(ctx), {
      workspaceId: ctx.workspaceId,
      current,
      columns: attributesChanged ? groupInputToColumns(fromScimGroup({ ...resource, members: undefined })) : null,
      members: changes.members ?? null,
      method: "PATCH",
    });
    if (hasProjection(params) && wantsMembers(params)) updated.members = (await membersOfGroups(tx, [updated.id])).get(updated.id) ?? [];
    return updated;
  });
  if (!hasProjection(params)) return { status: 204, headers: { ETag: etag(row.version) } };
  return resourceResponse(200, groupResource(ctx, row), GROUP_RESOURCE_TYPE, params, row.version);
}

export async function deleteGroupHandler(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  await inTransaction(ctx, async (tx) => {
    const deleted = await deleteGroup(tx, scimDoor(ctx), { workspaceId: ctx.workspaceId, groupId: id, expectedVersion: ifMatchPredicate(request.ifMatch) });
    if (!deleted) throw groupNotFound();
  });
  return { status: 204 };
}
