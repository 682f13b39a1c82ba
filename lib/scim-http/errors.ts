// One place that turns anything thrown while serving a SCIM request into a SCIM error response:
// ScimError → its status and scimType; database unreachable → 503 + Retry-After; anything else →
// 500 naming the request id (details go to the server log, never to the client).
import { isDatabaseUnavailable, isStatementCancelled, isUniqueViolation } from "@/lib/directory/db-errors";
import { ScimError, isScimError, toScimErrorBody } from "@/lib/scim/errors";
import { RequestBodyAbortedError } from "./body";
import type { ScimLogger, ScimResponse } from "./types";
import { WWW_AUTHENTICATE } from "./auth";

export const RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: ScimError, headers: Record<string, string> = {}): ScimResponse {
  const extra: Record<string, string> = error.status === 401 ? { "WWW-Authenticate": WWW_AUTHENTICATE } : {};
  return { status: error.status, body: toScimErrorBody(error), headers: { ...extra, ...headers } };
}

/** Maps any error to a response; logs the unexpected ones (message and stack only, no request data). */
export function toErrorResponse(error: unknown, requestId: string, logger: ScimLogger): ScimResponse {
  if (isScimError(error)) return errorResponse(error);
  // Checked before the database: its ECONNRESET would otherwise read as "database unavailable".
  if (error instanceof RequestBodyAbortedError) {
    logger.warn("scim: client closed the request", { requestId });
    return errorResponse(new ScimError(400, "invalidSyntax", error.message));
  }
  if (isStatementCancelled(error)) {
    logger.warn("scim: statement cancelled (DATABASE_STATEMENT_TIMEOUT_MS)", { requestId, error: describe(error) });
    return errorResponse(new ScimError(503, undefined, `The request took too long in the database and was stopped; retry later, or narrow the request (request id ${requestId}).`), {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn("scim: database unavailable", { requestId, error: describe(error) });
    return errorResponse(new ScimError(503, undefined, `The directory database is unavailable; retry later (request id ${requestId}).`), {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  }
  // A unique index the handlers did not anticipate (they map the ones they know themselves).
  if (isUniqueViolation(error)) return errorResponse(new ScimError(409, "uniqueness", "The resource conflicts with an existing one."));
  logger.error("scim: unexpected error", { requestId, error: describe(error) });
  return errorResponse(new ScimError(500, undefined, `Internal server error (request id ${requestId}).`));
}

/** Name, message, code and stack: enough to debug, and free of request bodies and headers. */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  return { name: error.name, message: error.message, code: (error as { code?: unknown }).code, stack: error.stack };
}

export const consoleLogger: ScimLogger = {
  error: (message, fields) => console.error(message, JSON.stringify(fields)),
  warn: (message, fields) => console.warn(message, JSON.stringify(fields)),
};
