import type { Metadata } from "next";
import Link from "next/link";
import { requireMember } from "@/lib/auth/session";
import { can, PERMISSION_LABEL, PERMISSIONS, ROLE_LABEL, type Permission } from "@/lib/permissions/roles";
import { MemberHeader } from "@/components/shell/member-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Not allowed" };

/** Where a refused page sends people (lib/auth/session requirePermission): what was needed, and the way back. */
export default async function NotAllowedPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const member = await requireMember();
  const { need } = await searchParams;
  const permission = (PERMISSIONS as readonly string[]).includes(need ?? "") ? (need as Permission) : null;
  return (
    <>
      <MemberHeader member={member} />
      <main id="main" className="mx-auto max-w-3xl px-4 py-16 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">You don&apos;t have access to that page</h1>
        <p className="mt-3 text-slate-600">
          Your role is <strong>{ROLE_LABEL[member.role]}</strong>
          {permission ? (
            <>
              , which does not include “{PERMISSION_LABEL[permission]}”.
            </>
          ) : (
            "."
          )}{" "}
          Ask a workspace admin if you need it.
        </p>
        <p className="mt-6 flex justify-center gap-6">
          <Link href="/account" className="font-medium text-indigo-700 hover:underline">
            Go to My account
          </Link>
          {can(member, "members.view") ? (
            <Link href="/members" className="font-medium text-indigo-700 hover:underline">
              Go to Members
            </Link>
          ) : null}
        </p>
      </main>
    </>
  );
}
