import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentMember } from "@/lib/auth/session";
import { signInNotice } from "@/lib/auth/messages";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { signInWorkspaceChoice } from "@/lib/workspaces/app";
import { AuthCard } from "@/components/shell/auth-card";
import { SignInForm, type WorkspaceInput } from "@/components/shell/sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const choice = await signInWorkspaceChoice();
  if (choice.kind === "none") redirect("/setup");
  const reason = one(params.reason);
  const callbackPath = safeCallbackPath(one(params.callbackUrl));
  // Already signed in (and still allowed in): nothing to do here.
  if (!reason && (await getCurrentMember())) redirect(callbackPath);

  // ?workspace=<slug> (a link that named one) signs in to that workspace; otherwise the email and
  // password find it — and when the password proves several, the form offers exactly those.
  const requested = one(params.workspace)?.trim().toLowerCase().slice(0, 100) ?? "";
  const workspace: WorkspaceInput = { mode: "hidden", slug: choice.kind === "single" && !requested ? choice.slug : requested };

  return (
    <AuthCard
      title="Sign in to Roster"
      description={choice.kind === "single" && workspace.slug === choice.slug ? <>Workspace: {choice.name}</> : undefined}
    >
      <SignInForm
        workspace={workspace}
        callbackPath={callbackPath}
        initialEmail={one(params.email)?.slice(0, 320) ?? ""}
        initialStep={one(params.step) === "password" ? "password" : "email"}
        initialNotice={signInNotice({ reason, error: one(params.error) })}
      />
    </AuthCard>
  );
}
