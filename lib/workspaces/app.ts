// Workspace entry points for pages and server actions, on the process database
// (app/ and components/ never touch the Prisma client themselves).
import { getPrisma, onAppDatabase } from "@/lib/db";
import { getScimSettings as getScimSettingsOn, setScimEnabled as setScimEnabledOn, setScimManagesManualMembers as setScimManagesManualMembersOn } from "./scim-settings";
import { createWorkspace, hasAnyWorkspace, type CreateWorkspaceInput } from "./index";

/** First-run setup is open only while this returns false. */
export async function instanceHasWorkspace(): Promise<boolean> {
  return hasAnyWorkspace(await getPrisma());
}

/** Creates the instance's first workspace and ADMIN; WorkspaceSetupClosedError once one exists. */
export async function createFirstWorkspace(input: CreateWorkspaceInput) {
  const { workspace, admin } = await createWorkspace(await getPrisma(), { ...input, actorLabel: "setup" }, { onlyIfFirst: true });
  return { workspaceSlug: workspace.slug, workspaceName: workspace.name, adminId: admin.id };
}

export type SignInWorkspaceChoice =
  | { kind: "none" }
  | { kind: "single"; slug: string; name: string }
  | { kind: "several" };

/** What the sign-in page needs: ask for a workspace only when there is more than one. */
export async function signInWorkspaceChoice(): Promise<SignInWorkspaceChoice> {
  const prisma = await getPrisma();
  const two = await prisma.workspace.findMany({ select: { slug: true, name: true }, take: 2, orderBy: { createdAt: "asc" } });
  if (two.length === 0) return { kind: "none" };
  if (two.length === 1) return { kind: "single", slug: two[0].slug, name: two[0].name };
  return { kind: "several" };
}

export const getScimSettings = onAppDatabase(getScimSettingsOn);
export const setScimEnabled = onAppDatabase(setScimEnabledOn);
export const setScimManagesManualMembers = onAppDatabase(setScimManagesManualMembersOn);
