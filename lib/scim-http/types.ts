// The framework-free request and response the SCIM HTTP layer works with: route handlers turn a
// Fetch `Request` into a ScimRequest and a ScimResponse back into a `Response` (lib/scim-http/handle.ts).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { RawSql, RawSqlTransaction } from "@/lib/db/raw-sql";
import type { Actor } from "@/lib/audit";
import type { FilterComplexityLimits } from "@/lib/scim/filter/complexity";

export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ScimRequest {
  method: string;
  /** Path segments after the SCIM base, percent-decoded: `/Users/abc` → ["Users", "abc"]. */
  segments: string[];
  query: URLSearchParams;
  ifMatch: string | null;
  ifNoneMatch: string | null;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** Size of the raw body in bytes. */
  bodyBytes: number;
}

export interface ScimResponse {
  status: number;
  body?: unknown;
  /**
   * The body already serialized (a 50,000-member group is built as JSON text by the database), or
   * its parts in order: the megabytes of a member list are then written as they are rather than
   * copied once more into one string — as bytes shared by every response that carries them.
   */
  rawBody?: string | readonly (string | Uint8Array)[];
  headers?: Record<string, string>;
}

export interface ScimLimits {
  maxBodyBytes: number;
  maxResults: number;
  bulkMaxOperations: number;
  /** Longest string in a body, and longest indexed name (lib/scim/json-input.ts). */
  maxStringLength: number;
  maxNameLength: number;
  /** Caps on a list or search filter's terms (lib/scim/filter/complexity.ts). */
  filter: FilterComplexityLimits;
}

export interface ScimLogger {
  error(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

/** Everything a handler needs, passed as an argument: never module state. */
export interface ScimContext {
  /** Prisma, for what is not on the raw paths below (e.g. failure audit, token bookkeeping). */
  prisma: PrismaClient;
  /** Single statements outside any transaction, on the driver straight (lib/db/raw-sql.ts). */
  sql: RawSql;
  /** Transactions of raw statements, likewise (handlers use inTransaction, which retries conflicts). */
  sqlTransaction: RawSqlTransaction;
  workspaceId: string;
  actor: Actor;
  /** The API token's name (Invitation.invitedBy). */
  tokenName: string;
  requestId: string;
  /** Absolute SCIM base URL without a trailing slash, e.g. https://roster.example.com/api/v2/scim. */
  baseUrl: string;
  limits: ScimLimits;
  logger: ScimLogger;
}
