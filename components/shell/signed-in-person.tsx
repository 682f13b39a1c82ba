import type { CurrentMember } from "@/lib/auth/session";
import { SignOutButton } from "./sign-out-button";

const ROLE_LABEL: Record<CurrentMember["role"], string> = { ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer", GUEST: "Guest" };

export function roleLabel(role: CurrentMember["role"]): string {
  return ROLE_LABEL[role];
}

/** Who is signed in, with the Sign out button. */
export function SignedInPerson({ member }: { member: Pick<CurrentMember, "displayName" | "userName" | "role"> }) {
  return (
    <div className="flex items-center justify-between gap-3">
      <div className="min-w-0 text-sm">
        <p className="truncate font-medium text-slate-900" title={member.userName}>
          {member.displayName || member.userName}
        </p>
        <p className="truncate text-xs text-slate-500">
          {member.displayName ? `${member.userName} · ` : ""}
          {roleLabel(member.role)}
        </p>
      </div>
      <SignOutButton />
    </div>
  );
}
