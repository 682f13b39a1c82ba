// Settings > SCIM: turning SCIM provisioning on or off for a workspace (audited). When off, the
// SCIM API answers 403 (lib/scim-http reads Workspace.scimEnabled).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { invalidateTokenCache } from "@/lib/tokens/auth-cache";
import { lockWorkspace, requireAdminActor } from "@/lib/lifecycle/admins";

export async function getScimSettings(prisma: PrismaClient, workspaceId: string) {
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { scimEnabled: true, slug: true, name: true } });
  const liveTokens = await prisma.apiToken.count({
    where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
  });
  return { ...workspace, liveTokens };
}

export async function setScimEnabled(
  prisma: PrismaClient,
  input: { workspaceId: string; actorId: string; enabled: boolean; requestId?: string | null },
): Promise<{ changed: boolean }> {
  const result = await prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { scimEnabled: true, name: true } });
    if (workspace.scimEnabled === input.enabled) return { changed: false };
    await tx.workspace.update({ where: { id: input.workspaceId }, data: { scimEnabled: input.enabled } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: input.enabled ? "scim.enabled" : "scim.disabled",
      target: { type: "Workspace", id: input.workspaceId, label: workspace.name },
      requestId: input.requestId,
      details: { scimEnabled: input.enabled },
    });
    return { changed: true };
  });
  // The SCIM API remembers each token's workspace switch briefly (lib/tokens/auth-cache).
  if (result.changed) invalidateTokenCache();
  return result;
}

/** The SCIM base URL admins paste into their IdP: `{PUBLIC_URL or request origin}/api/v2/scim/`. */
export function scimBaseUrl(publicUrl: string | undefined, requestOrigin: string): string {
  const origin = (publicUrl || requestOrigin).replace(/\/+$/, "");
  return `${origin}/api/v2/scim/`;
}
