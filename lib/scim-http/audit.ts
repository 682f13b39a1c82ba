// Audit of failed mutating requests. Written on its own, after the request's transaction rolled
// back, so the attempt stays on record; successes are audited inside their transactions by the
// handlers. Details carry the status, scimType and detail message: never bodies or headers.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";
import { LastBreakGlassAdminError, recordBreakGlassRefusal } from "@/lib/lifecycle";
import { storableText } from "@/lib/scim/json-input";
import type { RouteAudit } from "./routes";
import type { ScimLogger } from "./types";

export interface FailureAudit {
  workspaceId: string;
  actor: Actor;
  requestId: string;
  route?: RouteAudit;
  method: string;
  segments: string[];
  status: number;
  scimType?: string;
  detail?: string;
  /** Set for an operation inside a bulk request. */
  bulkId?: string;
}

/**
 * Requests refused by the rate limit (./rate-limit.ts): not one event per refused request — a
 * flood would write the flood into the audit log — but one per token or workspace per minute and
 * instance, with the number refused since the previous one.
 */
export async function auditRateLimited(
  prisma: PrismaClient,
  event: { workspaceId: string; actor: Actor; tokenId: string; requestId: string; scope: string; perSecond: number; refused: number; windowSeconds: number },
  logger: ScimLogger,
): Promise<void> {
  try {
    await recordAudit(prisma, {
      workspaceId: event.workspaceId,
      actor: event.actor,
      action: "scim.rate_limited",
      target: { type: "ApiToken", id: event.tokenId, label: event.actor.label },
      outcome: "FAILURE",
      requestId: event.requestId,
      details: { status: 429, scope: event.scope, limitPerSecond: event.perSecond, windowSeconds: event.windowSeconds, refusedRequests: event.refused },
    });
  } catch (error) {
    logger.warn("scim: could not audit a rate-limit refusal", { requestId: event.requestId, error: (error as Error).message });
  }
}

export async function auditFailure(prisma: PrismaClient, failure: FailureAudit, logger: ScimLogger): Promise<void> {
  const { segments } = failure;
  const targetId = segments.length === 2 && !segments[1].startsWith(".") ? storableText(segments[1]) : null;
  try {
    await recordAudit(prisma, {
      workspaceId: failure.workspaceId,
      actor: failure.actor,
      action: failure.route?.action ?? "scim.request.rejected",
      target: failure.route ? { type: failure.route.targetType === "User" ? "Member" : failure.route.targetType, id: targetId } : undefined,
      outcome: "FAILURE",
      requestId: failure.requestId,
      details: {
        method: failure.method,
        // A sanitized copy: the path is the client's, and a refused request may carry exactly the
        // bytes (NUL, lone surrogates, megabytes) that the database cannot store.
        path: storableText(`/${segments.join("/")}`),
        status: failure.status,
        ...(failure.scimType && { scimType: failure.scimType }),
        ...(failure.detail && { detail: storableText(failure.detail, 500) }),
        ...(failure.bulkId && { bulkId: failure.bulkId }),
      },
    });
  } catch (error) {
    logger.warn("scim: could not audit a failed request", { requestId: failure.requestId, error: (error as Error).message });
  }
}

/**
 * A refusal that has its own event besides the failed request's (on Activity under SSO): a change
 * that would have left a workspace requiring SSO without a break-glass admin.
 */
export async function auditLifecycleRefusal(prisma: PrismaClient, error: unknown, door: { actor: Actor; requestId: string }, logger: ScimLogger): Promise<void> {
  if (!(error instanceof LastBreakGlassAdminError)) return;
  try {
    await recordBreakGlassRefusal(prisma, error, { ...door, via: "scim" });
  } catch (failure) {
    logger.warn("scim: could not audit a break-glass refusal", { requestId: door.requestId, error: (failure as Error).message });
  }
}
