// Settings > SCIM: the workspace's SCIM switches (audited): provisioning on or off, and whether it
// may change the sign-in details of members created by hand.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { invalidateTokenCache } from "@/lib/tokens/auth-cache";
import { lockWorkspace, requireAdminActor } from "@/lib/lifecycle/admins";

export async function getScimSettings(prisma: PrismaClient, workspaceId: string) {
  const workspace = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { scimEnabled: true, scimManagesManualMembers: true, slug: true, name: true } });
  const liveTokens = await prisma.apiToken.count({
    where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
  });
  return { ...workspace, liveTokens };
}

const SWITCHES = {
  scimEnabled: { on: "scim.enabled", off: "scim.disabled" },
  scimManagesManualMembers: { on: "scim.manual_members_managed", off: "scim.manual_members_protected" },
} as const;

/** Flips one of the workspace's SCIM switches (admins only, audited, no event when unchanged). */
async function setScimSwitch(
  prisma: PrismaClient,
  name: keyof typeof SWITCHES,
  input: { workspaceId: string; actorId: string; enabled: boolean; requestId?: string | null },
): Promise<{ changed: boolean }> {
  const result = await prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, input.workspaceId);
    const actor = await requireAdminActor(tx, input.workspaceId, input.actorId);
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: input.workspaceId }, select: { scimEnabled: true, scimManagesManualMembers: true, name: true } });
    if (workspace[name] === input.enabled) return { changed: false };
    await tx.workspace.update({ where: { id: input.workspaceId }, data: { [name]: input.enabled } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actor,
      action: input.enabled ? SWITCHES[name].on : SWITCHES[name].off,
      target: { type: "Workspace", id: input.workspaceId, label: workspace.name },
      requestId: input.requestId,
      details: { [name]: input.enabled },
    });
    return { changed: true };
  });
  // The SCIM API remembers each token's workspace switch briefly (lib/tokens/auth-cache).
  if (result.changed) invalidateTokenCache();
  return result;
}

/** SCIM on/off: when off, the SCIM API answers 403 (lib/scim-http reads Workspace.scimEnabled). */
export const setScimEnabled = (prisma: PrismaClient, input: { workspaceId: string; actorId: string; enabled: boolean; requestId?: string | null }) =>
  setScimSwitch(prisma, "scimEnabled", input);

/** Whether SCIM may change the password and userName of members created by hand (lib/lifecycle). */
export const setScimManagesManualMembers = (prisma: PrismaClient, input: { workspaceId: string; actorId: string; enabled: boolean; requestId?: string | null }) =>
  setScimSwitch(prisma, "scimManagesManualMembers", input);

/** The SCIM base URL admins paste into their IdP: `{PUBLIC_URL or request origin}/api/v2/scim/`. */
export function scimBaseUrl(publicUrl: string | undefined, requestOrigin: string): string {
  const origin = (publicUrl || requestOrigin).replace(/\/+$/, "");
  return `${origin}/api/v2/scim/`;
}
