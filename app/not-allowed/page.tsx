import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/session";
import { MemberHeader } from "@/components/shell/member-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Not allowed" };

export default async function NotAllowedPage() {
  const member = await requireMember();
  return (
    <>
      <MemberHeader member={member} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">You don&apos;t have access to that page</h1>
        <p className="mt-3 text-slate-600">Only workspace administrators can manage members, settings and activity.</p>
        <p className="mt-6">
          <Link href="/account" className="font-medium text-indigo-700 hover:underline">
            Go to My account
          </Link>
        </p>
      </main>
    </>
  );
}
