// /Users: list and search (filters pushed down to SQL), create (with a queued invitation), read,
// replace, patch and delete. Reads use the member store; every write is a lib/lifecycle
// transition (the same rules as the admin UI's), atomic with its audit event; PUT and PATCH are
// read-modify-write conditioned on the row read (or on its lock), so concurrent writes never lose
// an update.
import type { RawSql } from "@/lib/db/raw-sql";
import { hashPassword, memberPasswordProblem, MIN_SYNCED_PASSWORD_LENGTH } from "@/lib/auth/password";
import { ScimError } from "@/lib/scim/errors";
import { memberToUserRecord, userInputToColumns } from "@/lib/directory/scim-records";
import { findMember, isUuid, listMemberRows, type MemberRow, type MemberWritable } from "@/lib/directory/scim-user-store";
import { changeActiveUnread, changeMemberById, createMember, deleteMember, type Door } from "@/lib/lifecycle";
import { buildListResponse, parseListQuery, parseProjectionQuery, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import { activeOnlyValue, applyPatch, parsePatchRequest } from "@/lib/scim/patch";
import { wantsAttribute, type ProjectionParams } from "@/lib/scim/projection";
import { fromScimUser, toScimUser, type ParsedUser } from "@/lib/scim/resource";
import { USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { userNotFound } from "../errors";
import { checkIfMatch, ifMatchPredicate, inTransaction, notModified, projected, resourceResponse } from "./common";

const wantsGroups = (params: ProjectionParams) => wantsAttribute(USER_RESOURCE_TYPE, params, "groups");

export const userResource = (ctx: ScimContext, row: MemberRow) => toScimUser(memberToUserRecord(row), { baseUrl: ctx.baseUrl });
const userLocation = (ctx: ScimContext, id: string) => `${ctx.baseUrl}/Users/${id}`;

export function listOptions(ctx: ScimContext) {
  return { resourceType: USER_RESOURCE_TYPE, maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults), filterLimits: ctx.limits.filter };
}

export async function respondWithUserList(ctx: ScimContext, query: ListQuery): Promise<ScimResponse> {
  const { rows, total } = await listMemberRows(ctx.sql, ctx.workspaceId, query, query.count > 0 && wantsGroups(query));
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
async function managerDisplayName(tx: RawSql, workspaceId: string, managerValue: string | null): Promise<string | null> {
  if (managerValue === null || !isUuid(managerValue)) return null;
  const manager = await findMember(tx, workspaceId, managerValue, { withGroups: false });
  return manager ? (manager.displayName ?? manager.userName) : null;
}

async function columnsFor(tx: RawSql, ctx: ScimContext, parsed: ParsedUser, current?: MemberRow): Promise<MemberWritable> {
  const columns = userInputToColumns(parsed.user);
  const managerName =
    current && current.managerValue === columns.managerValue
      ? current.managerDisplayName
      : await managerDisplayName(tx, ctx.workspaceId, columns.managerValue);
  return { ...columns, managerDisplayName: managerName };
}

/**
 * A password sent over SCIM meets the password policy (400 invalidValue naming the rule) — with
 * the IdP's usual minimum length (lib/auth/password MIN_SYNCED_PASSWORD_LENGTH) — and is hashed
 * before anything touches the database (Argon2 is slow) — once per request: `hashes` keeps it.
 */
async function passwordHashFor(parsed: ParsedUser, hashes = new Map<string, Promise<string>>()): Promise<string | undefined> {
  if (parsed.password === undefined) return undefined;
  const member = { userName: parsed.user.userName, emails: parsed.user.emails ?? [] };
  const problem = memberPasswordProblem(parsed.password, member, MIN_SYNCED_PASSWORD_LENGTH);
  if (problem) throw new ScimError(400, "invalidValue", `password: ${problem}`);
  if (!hashes.has(parsed.password)) hashes.set(parsed.password, hashPassword(parsed.password));
  return hashes.get(parsed.password);
}

/** The SCIM door of every transition: the token acts, the request id ties the events together. */
const scimDoor = (ctx: ScimContext): Door => ({ kind: "scim", actor: ctx.actor, requestId: ctx.requestId });

/** POST /Users: lib/lifecycle's createMember (one statement with its invitation and events). */
export async function createUser(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const parsed = fromScimUser(request.body);
  const params = parseProjectionQuery(request.query);
  const passwordHash = await passwordHashFor(parsed);
  const data = await columnsFor(ctx.sql, ctx, parsed);
  const { row } = await createMember(ctx.sql, scimDoor(ctx), { workspaceId: ctx.workspaceId, data, passwordHash });
  row.groups = [];
  return resourceResponse(201, userResource(ctx, row), USER_RESOURCE_TYPE, params, row.version, userLocation(ctx, row.id));
}

export async function replaceUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const parsed = fromScimUser(request.body);
  return writeUser(ctx, request, id, async () => parsed);
}

export async function patchUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  const { operations } = parsePatchRequest(request.body);
  // An IdP's (de)activation — nothing but `active`, no If-Match — is applied without reading the
  // member first (changeActiveUnread: one round trip instead of two); when that does not apply
  // (e.g. nothing to change, an active admin) it wrote nothing and the general way decides.
  const active = request.ifMatch === null && isUuid(id) ? activeOnlyValue(USER_RESOURCE_TYPE, operations) : undefined;
  if (active !== undefined) {
    const params = parseProjectionQuery(request.query);
    const done = await changeActiveUnread(ctx.sql, scimDoor(ctx), {
      workspaceId: ctx.workspaceId,
      memberId: id,
      active,
      withGroups: wantsGroups(params),
      auditDetails: { method: request.method },
    });
    if (done) return resourceResponse(200, userResource(ctx, done.row), USER_RESOURCE_TYPE, params, done.row.version);
  }
  return writeUser(ctx, request, id, async (current) => {
    const { resource } = applyPatch(userResource(ctx, current), operations, { resourceType: USER_RESOURCE_TYPE });
    return fromScimUser(resource);
  });
}

/**
 * PUT and PATCH: lib/lifecycle's changeMemberById — the member read, If-Match checked, the new
 * state computed from that row, then changeMember's rules and writes: in one statement in the
 * common case, else in one transaction on the locked row (where this is computed again).
 */
async function writeUser(
  ctx: ScimContext,
  request: ScimRequest,
  id: string,
  nextState: (current: MemberRow) => Promise<ParsedUser>,
): Promise<ScimResponse> {
  const params = parseProjectionQuery(request.query);
  // The state may be computed twice (see changeMemberById); a password is hashed once (any salt will do).
  const hashes = new Map<string, Promise<string>>();
  const result = await changeMemberById(ctx.sql, (work) => inTransaction(ctx, work), scimDoor(ctx), {
    workspaceId: ctx.workspaceId,
    memberId: id,
    withGroups: wantsGroups(params),
    prepare: async (db, current) => {
      checkIfMatch(request.ifMatch, current.version);
      const parsed = await nextState(current);
      const passwordHash = await passwordHashFor(parsed, hashes);
      const columns = await columnsFor(db, ctx, parsed, current);
      return { columns, passwordHash, auditDetails: { method: request.method } };
    },
  });
  if (!result) throw userNotFound();
  return resourceResponse(200, userResource(ctx, result.row), USER_RESOURCE_TYPE, params, result.row.version);
}

export async function deleteUser(ctx: ScimContext, request: ScimRequest, [id]: string[]): Promise<ScimResponse> {
  await inTransaction(ctx, async (tx) => {
    const deleted = await deleteMember(tx, scimDoor(ctx), { workspaceId: ctx.workspaceId, memberId: id, expectedVersion: ifMatchPredicate(request.ifMatch) });
    if (!deleted) throw userNotFound();
  });
  return { status: 204 };
}
