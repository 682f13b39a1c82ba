// One place that turns anything thrown while serving a SCIM request into a SCIM error response:
// ScimError → its status and scimType; database unreachable → 503 + Retry-After; anything else →
// 500 naming the request id (details go to the server log, never to the client).
import { isDatabaseUnavailable, isStatementCancelled, isUniqueViolation } from "@/lib/directory/db-errors";
import {
  GroupNameTakenError,
  GroupNotFoundError,
  LastAdminError,
  LastBreakGlassAdminError,
  LifecycleError,
  ManualCredentialsError,
  MemberNotFoundError,
  MemberTypeError,
  NotAllowedError,
  UnknownMembersError,
  UserNameTakenError,
  VersionMismatchError,
} from "@/lib/lifecycle/errors";
import { ScimError, ScimTooManyRequestsError, isScimError, toScimErrorBody } from "@/lib/scim/errors";
import { RequestBodyAbortedError } from "./body";
import type { ScimLogger, ScimResponse } from "./types";
import { WWW_AUTHENTICATE } from "./auth";

export const RETRY_AFTER_SECONDS = 5;

export function errorResponse(error: ScimError, headers: Record<string, string> = {}): ScimResponse {
  const extra: Record<string, string> = error.status === 401 ? { "WWW-Authenticate": WWW_AUTHENTICATE } : {};
  if (error instanceof ScimTooManyRequestsError) extra["Retry-After"] = String(error.retryAfterSeconds);
  return { status: error.status, body: toScimErrorBody(error), headers: { ...extra, ...headers } };
}

export const userNotFound = () => new ScimError(404, undefined, "User not found");
export const groupNotFound = () => new ScimError(404, undefined, "Group not found");

/** A lifecycle refusal in the SCIM API's words (Okta and Entra show `detail` in their provisioning logs). */
export function lifecycleToScimError(error: LifecycleError): ScimError {
  if (error instanceof LastAdminError && error.change === "lose-role") {
    // A state conflict the IdP admin resolves (another admin first), worded for their provisioning log.
    return new ScimError(
      409,
      undefined,
      `${error.message} Roster keeps at least one active admin: assign another person the Admin role (or the group that grants it) in your identity provider or in Roster, then retry.`,
    );
  }
  if (error instanceof LastAdminError) {
    const change = error.change === "delete" ? "deleted" : error.change === "demote" ? "demoted" : "disabled";
    return new ScimError(403, undefined, `This member is the workspace's last active admin and cannot be ${change} by provisioning. Make another member an admin in Roster first.`);
  }
  if (error instanceof LastBreakGlassAdminError) {
    // A state conflict only a Roster admin can resolve (the break-glass mark lives in Roster).
    return new ScimError(409, undefined, `${error.message} Provisioning cannot do either: ask a Roster admin, then retry.`);
  }
  if (error instanceof UserNameTakenError) return new ScimError(409, "uniqueness", `A User with userName '${error.userName}' already exists in this workspace`);
  if (error instanceof VersionMismatchError) return new ScimError(412, undefined, "Failed to update: the resource changed on the server (If-Match does not match its current version)");
  if (error instanceof MemberNotFoundError) return userNotFound();
  if (error instanceof GroupNotFoundError) return groupNotFound();
  if (error instanceof GroupNameTakenError) return new ScimError(409, "uniqueness", `A Group with displayName '${error.displayName}' already exists in this workspace`);
  if (error instanceof UnknownMembersError || error instanceof MemberTypeError) return new ScimError(400, "invalidValue", error.message);
  if (error instanceof ManualCredentialsError) return new ScimError(400, "mutability", error.message);
  if (error instanceof NotAllowedError) return new ScimError(403, undefined, error.message);
  return new ScimError(409, undefined, error.message);
}

/** Maps any error to a response; logs the unexpected ones (message and stack only, no request data). */
export function toErrorResponse(error: unknown, requestId: string, logger: ScimLogger): ScimResponse {
  if (isScimError(error)) return errorResponse(error);
  if (error instanceof LifecycleError) return errorResponse(lifecycleToScimError(error));
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
