import type { Metadata } from "next";
import Link from "next/link";
import { isSsoRefusalReason, SSO_REFUSALS } from "@/lib/sso/refuse";
import { AuthCard } from "@/components/shell/auth-card";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign-in refused" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Where every refused SSO sign-in lands: what happened and what to tell the admin (details are on Activity). */
export default async function SsoRefusedPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const reason = one(params.reason);
  const refusal = isSsoRefusalReason(reason) ? SSO_REFUSALS[reason] : { title: "Single sign-on did not work", tellYourAdmin: "Roster could not complete the sign-in." };
  const ref = one(params.ref).slice(0, 100);
  return (
    <AuthCard title={refusal.title}>
      <div className="space-y-4 text-sm text-slate-700">
        <p>You were not signed in.</p>
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          <p className="font-medium">What to tell your admin</p>
          <p className="mt-1" data-testid="refusal-reason">
            {refusal.tellYourAdmin}
          </p>
          {ref ? (
            <p className="mt-2 text-xs">
              Reference: <code data-testid="refusal-ref">{ref}</code> (it is on the workspace&apos;s Activity page, with the details).
            </p>
          ) : null}
        </div>
        <p>
          <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">
            Back to sign-in
          </Link>
        </p>
      </div>
    </AuthCard>
  );
}
