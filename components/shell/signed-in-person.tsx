import type { CurrentMember } from "@/lib/auth/session";
import { ROLE_LABEL } from "@/lib/members/roles";
import { SessionRenewal } from "./session-renewal";
import { SignOutButton } from "./sign-out-button";

/** Who is signed in, with the Sign out button (and the session kept alive while the page is open). */
export function SignedInPerson({ member }: { member: Pick<CurrentMember, "displayName" | "userName" | "role"> }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <div className="min-w-0 text-sm">
        <p className="truncate font-medium text-slate-900" title={member.userName}>
          {member.displayName || member.userName}
        </p>
        <p className="truncate text-xs text-slate-500">
          {member.displayName ? `${member.userName} · ` : ""}
          {ROLE_LABEL[member.role]}
        </p>
      </div>
      <SignOutButton />
      <SessionRenewal />
    </div>
  );
}
