// Test support for the SCIM API tests: a migrated test database injected as the process database,
// workspaces with API tokens, and a small client that calls the REAL route handler exports
// (app/api/v2/scim/[[...path]]/route.ts) with real Fetch `Request` objects.
import type { Database } from "@/lib/db";
import type { RawSql } from "@/lib/db/raw-sql";
import type { Prisma } from "@/lib/generated/prisma/client";
import { createApiToken } from "@/lib/tokens";
import { seedMember } from "@/lib/members/testing";
import * as route from "@/app/api/v2/scim/[[...path]]/route";

/** What a test watches on the raw-SQL ways in: each statement before it runs, and its result. */
export interface SqlObserver {
  before?: (query: Prisma.Sql) => void;
  after?: (query: Prisma.Sql, result: unknown) => void;
}

function observedSql(inner: RawSql, observer: SqlObserver): RawSql {
  const observe = async <T,>(query: Prisma.Sql, run: () => Promise<T>): Promise<T> => {
    observer.before?.(query);
    const result = await run();
    observer.after?.(query, result);
    return result;
  };
  return {
    $queryRaw: <T,>(query: Prisma.Sql) => observe(query, () => inner.$queryRaw<T>(query)),
    $executeRaw: (query: Prisma.Sql) => observe(query, () => inner.$executeRaw(query)),
  };
}

/** The database's raw-SQL ways in — single statements and transactions — with every statement observed. */
export function observeRawSql(db: Database, observer: SqlObserver): Pick<Database, "sql" | "sqlTransaction"> {
  return {
    sql: observedSql(db.sql, observer),
    sqlTransaction: (work) => db.sqlTransaction((tx) => work(observedSql(tx, observer))),
  };
}

export const ORIGIN = "http://roster.test";
export const BASE = `${ORIGIN}/api/v2/scim`;

export interface ScimTestResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is (for malformed JSON and size tests). */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  /** Override the bearer token; null sends no Authorization header. */
  token?: string | null;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";

export async function callRoute(method: Method, path: string, token: string | null, options: RequestOptions = {}): Promise<ScimTestResponse> {
  const headers = new Headers(options.headers);
  if (token !== null && !headers.has("authorization")) headers.set("authorization", `Bearer ${token}`);
  let body: BodyInit | undefined;
  if (options.rawBody !== undefined) body = options.rawBody as BodyInit;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/scim+json");
  const url = path.startsWith("http") ? path : `${BASE}${path}`;
  const init: RequestInit & { duplex?: string } = { method, headers, body };
  if (body instanceof ReadableStream) init.duplex = "half";
  const request = new Request(url, init);
  const response = await route[method](request);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined, text };
}

export interface ScimClient {
  token: string;
  request(method: Method, path: string, options?: RequestOptions): Promise<ScimTestResponse>;
  get(path: string, options?: RequestOptions): Promise<ScimTestResponse>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<ScimTestResponse>;
  put(path: string, body: unknown, options?: RequestOptions): Promise<ScimTestResponse>;
  patch(path: string, body: unknown, options?: RequestOptions): Promise<ScimTestResponse>;
  delete(path: string, options?: RequestOptions): Promise<ScimTestResponse>;
}

export function scimClient(token: string): ScimClient {
  const request = (method: Method, path: string, options: RequestOptions = {}) =>
    callRoute(method, path, options.token === undefined ? token : options.token, options);
  return {
    token,
    request,
    get: (path, options) => request("GET", path, options),
    post: (path, body, options) => request("POST", path, { ...options, body }),
    put: (path, body, options) => request("PUT", path, { ...options, body }),
    patch: (path, body, options) => request("PATCH", path, { ...options, body }),
    delete: (path, options) => request("DELETE", path, options),
  };
}

export interface TestWorkspace {
  id: string;
  slug: string;
  tokenName: string;
  client: ScimClient;
}

let counter = 0;

export async function createTestWorkspace(db: Database, options: { scimEnabled?: boolean; tokenName?: string } = {}): Promise<TestWorkspace> {
  const slug = `ws-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const workspace = await db.prisma.workspace.create({ data: { name: slug, slug, scimEnabled: options.scimEnabled ?? true } });
  const tokenName = options.tokenName ?? "okta-provisioning";
  const token = await createApiToken(db.prisma, { workspaceId: workspace.id, name: tokenName, actor: { kind: "SYSTEM", label: "test" } });
  return { id: workspace.id, slug, tokenName, client: scimClient(token.secret) };
}

export interface TestWorkspaceWithAdmin extends TestWorkspace {
  admin: { id: string; userName: string };
}

/** A test workspace with an active admin made in Roster (`admin@<slug>.test`): the last-admin rule and the admin doors need one. */
export async function createTestWorkspaceWithAdmin(db: Database): Promise<TestWorkspaceWithAdmin> {
  const ws = await createTestWorkspace(db);
  const admin = await seedMember(db.prisma, ws.id, { userName: `admin@${ws.slug}.test`, role: "ADMIN", status: "ACTIVE", source: "MANUAL" });
  return { ...ws, admin: { id: admin.id, userName: admin.userName } };
}

/** A migrated database installed as the process database, for the route handlers to use. */
export { openProcessTestDatabase as openScimTestDatabase, closeProcessTestDatabase as closeScimTestDatabase } from "@/lib/db/testing";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

export const patchOp = (...operations: unknown[]) => ({ schemas: [PATCH_OP], Operations: operations });

let userCounter = 0;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function newUser(overrides: Record<string, unknown> = {}): Record<string, any> & { userName: string } {
  const n = `${Date.now().toString(36)}${userCounter++}`;
  return {
    schemas: [USER_SCHEMA],
    userName: `user${n}@example.com`,
    name: { givenName: "Test", familyName: `User${n}` },
    emails: [{ value: `user${n}@example.com`, type: "work", primary: true }],
    active: true,
    ...overrides,
  };
}
