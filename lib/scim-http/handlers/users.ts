// /Users: list and search (filters pushed down to SQL), create (with a queued invitation), read,
// replace, patch and delete. Every write runs in one transaction with its audit event; PUT and
// PATCH lock the member row (read-modify-write), so concurrent writes never lose an update.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberStatus } from "@/lib/generated/prisma/enums";
import { auditInsertSql, recordAudit } from "@/lib/audit";
import { newId } from "@/lib/db/ids";
import { withSideEffects } from "@/lib/db/one-statement";
import { isUniqueViolation } from "@/lib/directory/db-errors";
import type { Db } from "@/lib/directory/scim-repository";
import { hashPassword } from "@/lib/auth/password";
import { ensureDeletableByScim, ensureNotLastActiveAdmin } from "@/lib/directory/last-admin";
import { cancelOpenInvitations, queueInvitation, queueInvitationSql } from "@/lib/directory/queue-invitation";
import { changedColumns, invitationAddress, memberToUserRecord, userInputToColumns } from "@/lib/directory/scim-records";
import {
  deleteMember,
  findMember,
  groupsOfMember,
  insertMemberSql,
  isUuid,
  listMembers,
  updateMember,
  userNameTaken,
  userNotFound,
  type MemberRow,
  type MemberWritable,
} from "@/lib/directory/scim-user-store";
import { statusForActive } from "@/lib/directory/status";
import { buildListResponse, parseListQuery, parseProjectionQuery, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import { applyPatch, parsePatchRequest } from "@/lib/scim/patch";
import { wantsAttribute, type ProjectionParams } from "@/lib/scim/projection";
import { fromScimUser, toScimUser, type ParsedUser } from "@/lib/scim/resource";
import { USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { checkIfMatch, ifMatchPredicate, inTransaction, notModified, projected, resourceResponse } from "./common";

const wantsGroups = (params: ProjectionParams) => wantsAttribute(USER_RESOURCE_TYPE, params, "groups");

export const userResource = (ctx: ScimContext, row: MemberRow) => toScimUser(memberToUserRecord(row), { baseUrl: ctx.baseUrl });
const userLocation = (ctx: ScimContext, id: string) => `${ctx.baseUrl}/Users/${id}`;

export function listOptions(ctx: ScimContext) {
  return { resourceType: USER_RESOURCE_TYPE, maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults), filterLimits: ctx.limits.filter };
}

export async function respondWithUserList(ctx: ScimContext, query: ListQuery): Promise<ScimResponse> {
  const { rows, total } = await listMembers(ctx.sql, ctx.workspaceId, query, query.count > 0 && wantsGroups(query));
  const resources = rows.map((row) => projected(userResource(ctx, row), USER_RESOURCE_TYPE, query));
  return { status: 200, body: buildListResponse(resources, { totalResults: total, startIndex: query.startIndex }) };
}

export async function listUsers(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  return respondWithUserList(ctx, parseListQuery(request.query, listOptions(ctx)));
}

export async function searchUsers(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  return respondWithUserList(ctx, parseSearchRequest(request.body, listOptions(ctx)));
}

export async function getUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const params = parseProjectionQuery(request.query);
  const row = await findMember(ctx.sql, ctx.workspaceId, id, { withGroups: wantsGroups(params) });
  if (!row) throw userNotFound();
  return notModified(request.ifNoneMatch, row.version) ?? resourceResponse(200, userResource(ctx, row), USER_RESOURCE_TYPE, params, row.version);
}

/** The manager's display name, read from the manager's own record when the reference changes. */
async function managerDisplayName(tx: Db, workspaceId: string, managerValue: string | null): Promise<string | null> {
  if (managerValue === null || !isUuid(managerValue)) return null;
  const [manager] = await tx.$queryRaw<{ name: string }[]>(Prisma.sql`
    SELECT COALESCE("displayName", "userName") AS "name" FROM "Member" WHERE "id" = ${managerValue}::uuid AND "workspaceId" = ${workspaceId}::uuid`);
  return manager?.name ?? null;
}

async function columnsFor(tx: Db, ctx: ScimContext, parsed: ParsedUser, current?: MemberRow): Promise<MemberWritable> {
  const columns = userInputToColumns(parsed.user);
  const managerName =
    current && current.managerValue === columns.managerValue
      ? current.managerDisplayName
      : await managerDisplayName(tx, ctx.workspaceId, columns.managerValue);
  return { ...columns, managerDisplayName: managerName };
}

/**
 * POST /Users: the member, its audit event and (when active) the invitation, its email and their
 * audit event are ONE statement (lib/db/one-statement): atomic, one round trip, no transaction
 * to hold open. Everything it needs is known beforehand, ids included.
 */
export async function createUser(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const parsed = fromScimUser(request.body);
  const params = parseProjectionQuery(request.query);
  // Hashing takes tens of milliseconds: done before anything touches the database.
  const passwordHash = parsed.password !== undefined ? await hashPassword(parsed.password) : undefined;
  const status: MemberStatus = parsed.user.active ? "INVITED" : "DISABLED";
  const data = await columnsFor(ctx.sql, ctx, parsed);
  const id = newId();
  const invited = status === "INVITED";
  const target = { type: "Member", id, label: data.userName };
  const sideEffects = [
    auditInsertSql({
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: "scim.user.created",
      target,
      requestId: ctx.requestId,
      details: { status, invited, externalId: data.externalId, passwordSet: passwordHash !== undefined },
    }),
  ];
  if (invited) {
    const to = invitationAddress(parsed.user);
    const { statements, queued } = queueInvitationSql({ workspaceId: ctx.workspaceId, memberId: id, invitedBy: ctx.tokenName, toAddress: to });
    sideEffects.push(
      ...statements,
      auditInsertSql({ workspaceId: ctx.workspaceId, actor: ctx.actor, action: "invitation.queued", target, requestId: ctx.requestId, details: { ...queued, to } }),
    );
  }
  let row: MemberRow;
  try {
    [row] = await ctx.sql.$queryRaw<MemberRow[]>(withSideEffects(insertMemberSql({ id, workspaceId: ctx.workspaceId, data, status, passwordHash }), sideEffects));
  } catch (error) {
    if (isUniqueViolation(error)) throw userNameTaken(data.userName);
    throw error;
  }
  row.groups = [];
  return resourceResponse(201, userResource(ctx, row), USER_RESOURCE_TYPE, params, row.version, userLocation(ctx, row.id));
}

export async function replaceUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const parsed = fromScimUser(request.body);
  return writeUser(ctx, request, id, async () => parsed);
}

export async function patchUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const { operations } = parsePatchRequest(request.body);
  return writeUser(ctx, request, id, async (current) => {
    const { resource } = applyPatch(userResource(ctx, current), operations, { resourceType: USER_RESOURCE_TYPE });
    return fromScimUser(resource);
  });
}

/**
 * PUT and PATCH: lock the row, check If-Match, compute the new state from the locked row, write
 * the changed columns (and status when `active` changes), audit, all in one transaction.
 */
async function writeUser(
  ctx: ScimContext,
  request: ScimRequest,
  id: string,
  nextState: (current: MemberRow) => Promise<ParsedUser>,
): Promise<ScimResponse> {
  const params = parseProjectionQuery(request.query);
  const withGroups = wantsGroups(params);
  // Validation errors surface before any lock is taken when possible (PUT parses up front).
  const row = await inTransaction(ctx, async (tx) => {
    const current = await findMember(tx, ctx.workspaceId, id, { withGroups: false, forUpdate: true });
    if (!current) throw userNotFound();
    checkIfMatch(request.ifMatch, current.version);
    const parsed = await nextState(current);
    const passwordHash = parsed.password !== undefined ? await hashPassword(parsed.password) : undefined;
    const columns = await columnsFor(tx, ctx, parsed, current);
    const changed = changedColumns(current as unknown as Record<string, unknown>, columns);
    const status = columns.active === current.active ? current.status : statusForActive(columns.active, current);
    if (status === "DISABLED") await ensureNotLastActiveAdmin(tx, ctx.workspaceId, current, "disable");
    const updated = await updateMember(tx, current, { data: changed, status, passwordHash });
    // Re-enabling never sends a second invitation (the admin resends one if they want to), but a
    // member created disabled gets their first invitation when the IdP enables them.
    if (status === "INVITED" && current.status === "DISABLED" && !(await everInvited(tx, current.id))) await inviteProvisionedMember(tx, ctx, updated, parsed);
    const invitationsRevoked = status === "DISABLED" && current.status === "INVITED" ? await cancelOpenInvitations(tx, { workspaceId: ctx.workspaceId, memberId: current.id }) : 0;
    const action = current.active && !columns.active ? "scim.user.deactivated" : !current.active && columns.active ? "scim.user.reactivated" : "scim.user.updated";
    await recordAudit(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action,
      target: { type: "Member", id: current.id, label: updated.userName },
      requestId: ctx.requestId,
      details: {
        method: request.method,
        changed: Object.keys(changed),
        ...(status !== current.status && { from: current.status, to: status }),
        ...(passwordHash !== undefined && { passwordChanged: true }),
        ...(invitationsRevoked > 0 && { invitationsRevoked }),
      },
    });
    if (withGroups) updated.groups = await groupsOfMember(tx, updated.id);
    return updated;
  });
  return resourceResponse(200, userResource(ctx, row), USER_RESOURCE_TYPE, params, row.version);
}

async function everInvited(tx: Db, memberId: string): Promise<boolean> {
  return (await tx.$queryRaw<unknown[]>(Prisma.sql`SELECT 1 FROM "Invitation" WHERE "memberId" = ${memberId}::uuid LIMIT 1`)).length > 0;
}

/** Queues the invitation email in the caller's transaction and audits it like an admin's invitation. */
async function inviteProvisionedMember(tx: Db, ctx: ScimContext, row: MemberRow, parsed: ParsedUser): Promise<void> {
  const to = invitationAddress(parsed.user);
  const queued = await queueInvitation(tx, { workspaceId: ctx.workspaceId, memberId: row.id, invitedBy: ctx.tokenName, toAddress: to });
  await recordAudit(tx, {
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: "invitation.queued",
    target: { type: "Member", id: row.id, label: row.userName },
    requestId: ctx.requestId,
    details: { invitationId: queued.invitationId, outboxId: queued.outboxId, to },
  });
}

export async function deleteUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  await inTransaction(ctx, async (tx) => {
    // Unsent invitation emails go first (the invitations themselves go with the member, by cascade).
    if (isUuid(id)) {
      await ensureDeletableByScim(tx, ctx.workspaceId, id);
      await cancelOpenInvitations(tx, { workspaceId: ctx.workspaceId, memberId: id });
    }
    const deleted = await deleteMember(tx, ctx.workspaceId, id, ifMatchPredicate(request.ifMatch));
    if (!deleted) throw userNotFound();
    await recordAudit(tx, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: "scim.user.deleted",
      target: { type: "Member", id, label: deleted.userName },
      requestId: ctx.requestId,
      details: { groups: deleted.groups },
    });
  });
  return { status: 204 };
}
