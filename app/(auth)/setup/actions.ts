"use server";

import { z } from "zod";
import { personNameSchema } from "@/lib/members/person-name";
import { createFirstWorkspace } from "@/lib/workspaces/app";
import { WorkspaceInputError, WorkspaceSetupClosedError } from "@/lib/workspaces";

export type SetupResult = { ok: true; workspaceSlug: string } | { ok: false; error: string };

const setupSchema = z.object({
  workspaceName: z.string().trim().min(1, "Give the workspace a name.").max(100, "Use at most 100 characters for the name."),
  adminName: personNameSchema,
  email: z.email("Enter an email address.").max(320),
  password: z.string(),
});

/** First-run setup: create the workspace and its first admin. The form then signs them in. */
export async function setUpWorkspace(_previous: SetupResult | null, formData: FormData): Promise<SetupResult> {
  const parsed = setupSchema.safeParse({
    workspaceName: formData.get("workspaceName") ?? "",
    adminName: { givenName: formData.get("givenName") ?? "", familyName: formData.get("familyName") ?? "" },
    email: String(formData.get("email") ?? "").trim(),
    password: formData.get("password") ?? "",
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
  try {
    const created = await createFirstWorkspace({
      name: parsed.data.workspaceName,
      adminName: parsed.data.adminName,
      adminEmail: parsed.data.email,
      adminPassword: parsed.data.password,
    });
    return { ok: true, workspaceSlug: created.workspaceSlug };
  } catch (error) {
    if (error instanceof WorkspaceInputError) return { ok: false, error: error.message };
    if (error instanceof WorkspaceSetupClosedError) return { ok: false, error: "Roster is already set up. Sign in instead." };
    throw error;
  }
}
