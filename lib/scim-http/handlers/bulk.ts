// POST /Bulk (RFC 7644 §3.7) through lib/scim/bulk: `bulkId:` references are resolved there and
// each operation is run here by the same handler a direct request would use, so every operation
// is its own transaction (with its own audit event): an operation either fully applies or changes
// nothing, and a failed one does not undo those before it. failOnErrors stops processing after
// that many failures. Only /Users and /Groups resources can be operated on.
import { recordAudit } from "@/lib/audit";
import { executeBulk, parseBulkRequest, type BulkExecutableOperation, type BulkExecutionResult } from "@/lib/scim/bulk";
import { ScimError, isScimError } from "@/lib/scim/errors";
import { auditFailure, auditLifecycleRefusal } from "../audit";
import { toErrorResponse } from "../errors";
import { matchRoute, type Handler, type RouteDefinition } from "../routes";
import type { ScimContext, ScimRequest } from "../types";

export function bulkHandler(routes: () => readonly RouteDefinition[]): Handler {
  return async (ctx: ScimContext, request: ScimRequest) => {
    const bulk = parseBulkRequest(request.body, request.bodyBytes, {
      maxOperations: ctx.limits.bulkMaxOperations,
      maxPayloadSize: ctx.limits.maxBodyBytes,
    });
    const response = await executeBulk(bulk, {
      execute: (operation) => runOperation(ctx, routes(), operation),
      onUnexpectedError: (error) => ctx.logger.error("scim: unexpected error in a bulk operation", { requestId: ctx.requestId, error: String(error) }),
    });
    const failed = response.Operations.filter((operation) => Number(operation.status) >= 400).length;
    await recordAudit(ctx.prisma, {
      workspaceId: ctx.workspaceId,
      actor: ctx.actor,
      action: "scim.bulk.processed",
      target: { type: "Bulk" },
      outcome: failed > 0 ? "FAILURE" : "SUCCESS",
      requestId: ctx.requestId,
      details: { operations: bulk.operations.length, processed: response.Operations.length, failed, failOnErrors: bulk.failOnErrors ?? null },
    });
    return { status: 200, body: response };
  };
}

async function runOperation(ctx: ScimContext, routes: readonly RouteDefinition[], operation: BulkExecutableOperation): Promise<BulkExecutionResult> {
  const [pathOnly, search = ""] = operation.path.split("?", 2);
  let segments: string[] = [];
  let route;
  try {
    segments = pathOnly.split("/").filter(Boolean).map((segment) => decodeURIComponent(segment));
    if (!/^(users|groups)$/i.test(segments[0] ?? "") || segments.length > 2 || segments[1]?.startsWith(".")) {
      throw new ScimError(400, "invalidPath", `Bulk operations apply to /Users and /Groups resources, not '${operation.path}'`);
    }
    const match = matchRoute(routes, operation.method, segments);
    route = match.route;
    const result = await match.route.handler(
      ctx,
      {
        method: operation.method,
        segments,
        query: new URLSearchParams(search),
        ifMatch: operation.version ?? null,
        ifNoneMatch: null,
        body: operation.data,
        bodyBytes: 0,
      },
      match.params,
    );
    const location = result.headers?.Location ?? (segments.length === 2 ? `${ctx.baseUrl}/${segments[0]}/${segments[1]}` : undefined);
    return {
      status: result.status,
      ...(location && { location }),
      ...(result.headers?.ETag && { version: result.headers.ETag }),
      ...(result.body !== undefined && { response: result.body }),
    };
  } catch (thrown) {
    // Database outages and the like become this operation's 503/500 instead of failing the whole request.
    const error = isScimError(thrown) ? thrown : scimErrorFrom(thrown, ctx);
    if (error.status !== 503) {
      await auditLifecycleRefusal(ctx.prisma, thrown, { actor: ctx.actor, requestId: ctx.requestId }, ctx.logger);
      await auditFailure(
        ctx.prisma,
        {
          workspaceId: ctx.workspaceId,
          actor: ctx.actor,
          requestId: ctx.requestId,
          route: route?.audit,
          method: operation.method,
          segments,
          status: error.status,
          scimType: error.scimType,
          detail: error.detail,
        },
        ctx.logger,
      );
    }
    throw error;
  }
}

function scimErrorFrom(error: unknown, ctx: ScimContext): ScimError {
  const response = toErrorResponse(error, ctx.requestId, ctx.logger);
  const body = response.body as { scimType?: ScimError["scimType"]; detail: string };
  return new ScimError(response.status, body.scimType, body.detail);
}
