import Link from "next/link";
import type { CurrentMember } from "@/lib/auth/session";
import { Brand } from "./brand";
import { SignedInPerson } from "./signed-in-person";

/** The slim header for pages outside the admin shell (My account, Not allowed). */
export function MemberHeader({ member }: { member: CurrentMember }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-3">
          <Brand href="/" />
          <span className="hidden text-sm text-slate-500 sm:inline">{member.workspaceName}</span>
        </div>
        <div className="flex items-center gap-4">
          {member.role === "ADMIN" ? (
            <Link href="/members" className="text-sm font-medium text-indigo-700 hover:underline">
              Admin
            </Link>
          ) : null}
          <SignedInPerson member={member} />
        </div>
      </div>
    </header>
  );
}
