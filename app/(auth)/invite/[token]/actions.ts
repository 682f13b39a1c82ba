"use server";
// Accepting an invitation: no session needed — the link's secret is the credential. On success
// the form signs the person in through next-auth (credentials), which activates them.
import { acceptFormSchema } from "@/lib/invitations/accept";
import { acceptInvitationWithSecret } from "@/lib/invitations/app";
import type { InvitationProblem } from "@/lib/invitations/messages";

export type AcceptResult =
  | { ok: true; workspace: string; email: string }
  | { ok: false; problem: InvitationProblem }
  | { ok: false; fieldErrors: { password?: string; confirmPassword?: string } }
  | null;

export async function acceptInvitationAction(secret: string, _state: AcceptResult, formData: FormData): Promise<AcceptResult> {
  const parsed = acceptFormSchema.safeParse({
    password: String(formData.get("password") ?? ""),
    confirmPassword: String(formData.get("confirmPassword") ?? ""),
  });
  if (!parsed.success) {
    const fieldErrors: { password?: string; confirmPassword?: string } = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] === "confirmPassword" ? "confirmPassword" : "password";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, fieldErrors };
  }
  const result = await acceptInvitationWithSecret(String(secret), parsed.data.password);
  if (result.ok) return { ok: true, workspace: result.workspaceSlug, email: result.email };
  if ("passwordError" in result) return { ok: false, fieldErrors: { password: result.passwordError } };
  return { ok: false, problem: result.problem };
}
