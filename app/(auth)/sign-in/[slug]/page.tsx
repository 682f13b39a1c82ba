import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getCurrentMember } from "@/lib/auth/session";
import { signInNotice } from "@/lib/auth/messages";
import { safeCallbackPath } from "@/lib/auth/callback-path";
import { workspaceSsoName } from "@/lib/sso/app";
import { AuthCard } from "@/components/shell/auth-card";
import { SignInForm } from "@/components/shell/sign-in-form";
import { primaryButton } from "@/components/shell/form-field";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Params = Promise<{ slug: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/**
 * A workspace's own sign-in link, for admins to share: "Sign in with <IdP>" when it has SSO, and
 * the email form below it (passwords for workspaces without SSO, and for break-glass admins).
 * An unknown slug shows the same page without the SSO button (slugs are not revealed either way).
 */
export default async function WorkspaceSignInPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params;
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) notFound();
  const query = await searchParams;
  const callbackPath = safeCallbackPath(one(query.callbackUrl));
  if (await getCurrentMember()) redirect(callbackPath);
  const idpName = await workspaceSsoName(slug);
  const start = `/api/sso/start?${new URLSearchParams({ workspace: slug, callbackUrl: callbackPath })}`;
  return (
    <AuthCard title="Sign in to Roster">
      {idpName ? (
        <div className="mb-6 space-y-3">
          {/* A link, not a form: the IdP is another origin and the pages' CSP allows forms to post only here. */}
          <a href={start} className={primaryButton}>
            Sign in with {idpName}
          </a>
          <p className="text-center text-xs text-slate-500">or with your email</p>
        </div>
      ) : null}
      <SignInForm workspace={{ mode: "hidden", slug }} callbackPath={callbackPath} initialNotice={signInNotice({ error: one(query.error) })} />
    </AuthCard>
  );
}
