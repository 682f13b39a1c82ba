// HTTP request → SCIM response, for a Fetch Request (the Next.js route handler) or a plain
// request object (the production server's node:http path, which skips building Fetch objects).
// The order of checks: method → declared body size → bearer token
// (and the workspace's scimEnabled) → rate limit (./rate-limit.ts) → route → media type and counted body → handler. Every
// failure is a SCIM error body; mutating requests that fail with a known workspace are audited
// outside the (rolled back) transaction.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getDatabase, type Database } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { configuredPublicUrl } from "@/lib/public-url";
import { ScimError, ScimTooManyRequestsError, isScimError } from "@/lib/scim/errors";
import { checkJsonStrings } from "@/lib/scim/json-input";
import { apiSecurityHeaders, servedOverHttps } from "@/lib/security/headers";
import { authenticateScimRequest, ScimDisabledError, type ScimPrincipal } from "./auth";
import { checkContentType, checkDeclaredLength, parseJsonBody, readBodyWithLimit, webStreamChunks, type BodyChunks, type HeaderSource } from "./body";
import { auditFailure, auditLifecycleRefusal, auditRateLimited } from "./audit";
import { consoleLogger, toErrorResponse } from "./errors";
import { SCIM_ROUTES } from "./handlers";
import { scimRateLimiterFor, WINDOW_SECONDS, type ScimRateLimiter } from "./rate-limit";
import { allowedMethods, matchRoute, type RouteMatch } from "./routes";
import type { ScimContext, ScimLimits, ScimLogger, ScimRequest, ScimResponse } from "./types";

export const SCIM_BASE_PATH = "/api/v2/scim";
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";

const SCIM_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ScimHttpOptions {
  /** The database; defaults to the process database (lib/db). */
  getDatabase?: () => Promise<Pick<Database, "prisma" | "sql" | "sqlTransaction">>;
  logger?: ScimLogger;
  limits?: Partial<ScimLimits>;
  /** Overrides PUBLIC_URL / the request origin for Location and $ref URLs. */
  baseUrl?: string;
  /** The rate limiter (tests: own clock and limits); default one per database from SCIM_RATE_LIMIT_*; null = none. */
  rateLimiter?: ScimRateLimiter | null;
}

/** What the handler reads of a request. */
export interface ScimHttpRequest {
  method: string;
  /** Absolute URL; its origin makes Location and $ref URLs when no public URL is configured (development only). */
  url: string;
  headers: HeaderSource;
  body: BodyChunks | null;
}

/** What it answers: a finished status, headers and body (null for 204 / 304; parts are written in order). */
export interface ScimHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string | readonly (string | Uint8Array)[] | null;
}

/** The route handler's entry: Fetch in, Fetch out. */
export async function handleScimHttpRequest(request: Request, options: ScimHttpOptions = {}): Promise<Response> {
  const answer = await answerScimRequest(
    { method: request.method, url: request.url, headers: request.headers, body: request.body ? webStreamChunks(request.body) : null },
    options,
  );
  const body = typeof answer.body === "string" || answer.body === null ? answer.body : Buffer.concat(answer.body.map((part) => (typeof part === "string" ? Buffer.from(part) : part)));
  return new Response(body, { status: answer.status, headers: answer.headers });
}

export async function answerScimRequest(request: ScimHttpRequest, options: ScimHttpOptions = {}): Promise<ScimHttpResponse> {
  const incomingId = request.headers.get("x-request-id");
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  const logger = options.logger ?? consoleLogger;
  const method = request.method.toUpperCase();
  let principal: ScimPrincipal | undefined;
  let match: RouteMatch | undefined;
  let segments: string[] = [];
  let prisma: PrismaClient | undefined;
  let response: ScimResponse;
  try {
    const env = getEnv();
    const limits: ScimLimits = {
      maxBodyBytes: options.limits?.maxBodyBytes ?? env.SCIM_MAX_BODY_BYTES,
      maxResults: options.limits?.maxResults ?? env.SCIM_MAX_RESULTS,
      bulkMaxOperations: options.limits?.bulkMaxOperations ?? env.SCIM_BULK_MAX_OPERATIONS,
      maxStringLength: options.limits?.maxStringLength ?? env.SCIM_MAX_STRING_LENGTH,
      maxNameLength: options.limits?.maxNameLength ?? env.SCIM_MAX_NAME_LENGTH,
      filter: options.limits?.filter ?? { maxTerms: env.SCIM_FILTER_MAX_TERMS, maxExpensiveTerms: env.SCIM_FILTER_MAX_EXPENSIVE_TERMS },
    };
    const url = new URL(request.url);
    segments = scimSegments(url.pathname);
    if (!SCIM_METHODS.has(method)) {
      throw Object.assign(new ScimError(405, undefined, `Method ${method} is not supported by the SCIM API`), { allow: "GET, POST, PUT, PATCH, DELETE" });
    }
    // A body declared too large is refused before any work (even before authentication).
    if (WITH_BODY.has(method)) checkDeclaredLength(request.headers, limits.maxBodyBytes);
    const database = await (options.getDatabase ?? getDatabase)();
    prisma = database.prisma;
    principal = await authenticateScimRequest(prisma, request.headers.get("authorization"));
    // Right after authentication (the limits are per token and workspace), before any real work.
    const limiter = options.rateLimiter === undefined ? scimRateLimiterFor(database.sql, logger) : options.rateLimiter;
    if (limiter?.enabled) {
      const decision = limiter.check(principal.tokenId, principal.workspaceId);
      if (!decision.ok) {
        const { scope, perSecond, retryAfterSeconds } = decision;
        if (decision.auditRefused) {
          await auditRateLimited(prisma, { ...principal, requestId, scope, perSecond, refused: decision.auditRefused, windowSeconds: WINDOW_SECONDS }, logger);
        }
        throw new ScimTooManyRequestsError(
          `Too many requests: this ${scope} may send ${perSecond} requests per second (SCIM_RATE_LIMIT_PER_${scope.toUpperCase()}). Retry after ${retryAfterSeconds} seconds.`,
          retryAfterSeconds,
        );
      }
    }
    try {
      match = matchRoute(SCIM_ROUTES, method, segments);
    } catch (error) {
      if (isScimError(error) && error.status === 405) {
        throw Object.assign(error, { allow: allowedMethods(SCIM_ROUTES, segments).join(", ") });
      }
      throw error;
    }
    let body: unknown;
    let bodyBytes = 0;
    if (WITH_BODY.has(method)) {
      checkContentType(request.headers);
      const raw = await readBodyWithLimit(request, limits.maxBodyBytes);
      body = parseJsonBody(raw.text);
      checkJsonStrings(body, { maxLength: limits.maxStringLength, maxNameLength: limits.maxNameLength });
      bodyBytes = raw.bytes;
    }
    const baseUrl = (options.baseUrl ?? `${configuredPublicUrl(env) ?? url.origin}${SCIM_BASE_PATH}`).replace(/\/+$/, "");
    const ctx: ScimContext = {
      prisma,
      sql: database.sql,
      sqlTransaction: database.sqlTransaction,
      workspaceId: principal.workspaceId,
      actor: principal.actor,
      tokenName: principal.tokenName,
      requestId,
      baseUrl,
      limits,
      logger,
    };
    const scimRequest: ScimRequest = {
      method,
      segments,
      query: url.searchParams,
      ifMatch: request.headers.get("if-match"),
      ifNoneMatch: request.headers.get("if-none-match"),
      body,
      bodyBytes,
    };
    response = await match.route.handler(ctx, scimRequest, match.params);
  } catch (error) {
    if (error instanceof ScimDisabledError) principal = error.principal;
    response = toErrorResponse(error, requestId, logger);
    if (principal && prisma) await auditLifecycleRefusal(prisma, error, { actor: principal.actor, requestId }, logger);
    const allow = (error as { allow?: string }).allow;
    if (allow) response.headers = { ...response.headers, Allow: allow };
  }
  // 429s are audited above, aggregated: one row per refused request is what a flood would want.
  if (MUTATING.has(method) && response.status >= 400 && response.status !== 503 && response.status !== 429 && principal && prisma) {
    const body = (response.body ?? {}) as { scimType?: string; detail?: string };
    await auditFailure(
      prisma,
      {
        workspaceId: principal.workspaceId,
        actor: principal.actor,
        requestId,
        route: match?.route.audit,
        method,
        segments,
        status: response.status,
        scimType: body.scimType,
        detail: body.detail,
      },
      logger,
    );
  }
  return toHttpResponse(response, requestId, servedOverHttps(request.url, safePublicUrl()));
}

/** PUBLIC_URL, or undefined when the configuration cannot be read (the error response must still go out). */
function safePublicUrl(): string | undefined {
  try {
    return getEnv().PUBLIC_URL;
  } catch {
    return undefined;
  }
}

/** Path segments after /api/v2/scim; empty segments (trailing or doubled slashes) are dropped. */
export function scimSegments(pathname: string): string[] {
  const index = pathname.toLowerCase().indexOf(SCIM_BASE_PATH);
  const rest = index >= 0 ? pathname.slice(index + SCIM_BASE_PATH.length) : pathname;
  return rest
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new ScimError(404, undefined, "Malformed path");
      }
    });
}

export function toHttpResponse(response: ScimResponse, requestId: string, https = false): ScimHttpResponse {
  const headers: Record<string, string> = { ...apiSecurityHeaders({ https }), ...response.headers, "X-Request-Id": requestId, "Cache-Control": "no-store" };
  const hasBody = (response.body !== undefined || response.rawBody !== undefined) && response.status !== 204 && response.status !== 304;
  if (hasBody) headers["Content-Type"] = SCIM_CONTENT_TYPE;
  return { status: response.status, headers, body: hasBody ? (response.rawBody ?? JSON.stringify(response.body)) : null };
}
