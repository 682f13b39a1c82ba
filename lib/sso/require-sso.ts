// "Require SSO": password sign-in refused for everyone but break-glass admins (lib/auth/sign-in).
// Switching it on is refused unless it cannot lock the workspace out: the connection is enabled,
// the admin switching it has completed an SSO sign-in or a successful Test connection since the
// connection last changed, and at least one active admin is marked break-glass. A refusal is
// audited (`sso.require_sso_refused`) with its reason.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { lockWorkspace, requireAdminActor } from "@/lib/lifecycle/admins";

export class RequireSsoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RequireSsoError";
  }
}

export async function setRequireSso(prisma: PrismaClient, input: { workspaceId: string; actorId: string; enabled: boolean; requestId?: string | null }): Promise<{ changed: boolean }> {
  type Outcome = { changed: boolean; refused?: string; actor: Awaited<ReturnType<typeof requireAdminActor>> };
  const outcome = await prisma.$transaction(async (tx): Promise<Outcome> => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { requireSso: true, name: true } });
    if (workspace.requireSso === input.enabled) return { changed: false, actor };
    if (input.enabled) {
      const problem = await lockOutRisk(tx as unknown as PrismaClient, input.workspaceId, input.actorId);
      if (problem) return { changed: false, refused: problem, actor };
    }
    await tx.workspace.update({ where: { id: input.workspaceId }, data: { requireSso: input.enabled } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: input.enabled ? "sso.require_sso_enabled" : "sso.require_sso_disabled",
      target: { type: "Workspace", id: input.workspaceId, label: workspace.name },
      requestId: input.requestId,
      details: { requireSso: input.enabled },
    });
    return { changed: true, actor };
  });
  if (outcome.refused) {
    await recordAudit(prisma, {
      workspaceId: input.workspaceId,
      actor: outcome.actor,
      action: "sso.require_sso_refused",
      target: { type: "Workspace", id: input.workspaceId },
      outcome: "FAILURE",
      requestId: input.requestId,
      details: { reason: outcome.refused },
    });
    throw new RequireSsoError(outcome.refused);
  }
  return { changed: outcome.changed };
}

/** Why switching Require SSO on could lock people out, or null. */
async function lockOutRisk(prisma: PrismaClient, workspaceId: string, actorId: string): Promise<string | null> {
  const connection = await prisma.ssoConnection.findUnique({ where: { workspaceId }, select: { enabled: true, updatedAt: true, lastTestResult: true, lastTestedAt: true } });
  if (!connection?.enabled) return "Set up and enable an SSO connection first.";
  const test = connection.lastTestResult as { ok?: boolean; testedBy?: string } | null;
  const testedByActor = test?.ok === true && test.testedBy === actorId;
  const [signedIn] = await prisma.$queryRaw<unknown[]>(Prisma.sql`
    SELECT 1 FROM "AuditEvent" WHERE "workspaceId" = ${workspaceId}::uuid AND "action" = 'member.signed_in' AND "actorId" = ${actorId}
      AND "details"->>'via' = 'sso' AND "createdAt" >= ${connection.updatedAt}::timestamptz LIMIT 1`);
  if (!testedByActor && !signedIn) return "Before requiring SSO, sign in through SSO yourself or run Test connection successfully, so you know it works.";
  const breakGlass = await prisma.member.count({ where: { workspaceId, role: "ADMIN", status: "ACTIVE", breakGlass: true } });
  if (breakGlass === 0) return "Mark at least one admin as a break-glass admin first: they keep password sign-in if the identity provider fails.";
  return null;
}
