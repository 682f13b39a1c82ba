// The session contract the rest of the app codes against. Server components, route handlers and
// server actions call these; nothing else reads the next-auth session directly.
//
// The JWT only says WHO signed in (member id + workspace id). Every call re-reads the member from
// the database, so a member who is deleted or DISABLED is signed out on their very next request,
// and a role change applies immediately.
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import type { Actor } from "@/lib/audit";
import { getPrisma } from "@/lib/db";
import { NotAllowedError } from "./errors";
import { getAuthOptions } from "./options";
import { claimsOverride } from "./session-override";
import { resolveSessionMember, type CurrentMember, type SessionClaims } from "./current-member";

export type { CurrentMember, SessionClaims } from "./current-member";

export { NotAllowedError } from "./errors";

async function readClaims(): Promise<SessionClaims | null> {
  const override = claimsOverride();
  if (override !== undefined) return override;
  const session = await getServerSession(getAuthOptions());
  if (!session?.memberId || !session.workspaceId) return null;
  return { memberId: session.memberId, workspaceId: session.workspaceId, sessionGeneration: session.sessionGeneration };
}

async function resolve() {
  const claims = await readClaims();
  if (!claims) return { member: null, reason: "signed-out" as const, workspaceSlug: null, staleSession: false };
  return { ...(await resolveSessionMember(await getPrisma(), claims)), staleSession: true };
}

/** The signed-in member, re-checked against the database; null when signed out, deleted or disabled. */
export async function getCurrentMember(): Promise<CurrentMember | null> {
  return (await resolve()).member;
}

export function signInUrl(reason: "signed-out" | "disabled", workspaceSlug: string | null): string {
  const params = new URLSearchParams({ reason });
  if (workspaceSlug) params.set("workspace", workspaceSlug);
  return `/sign-in?${params}`;
}

/**
 * For pages: the signed-in member, or a redirect to /sign-in?reason=signed-out|disabled.
 * When a session cookie exists but no longer holds (member disabled or deleted), the redirect goes
 * through /session-ended first, which deletes that cookie: re-enabling someone must not bring an
 * old session (on some forgotten device) back to life.
 */
export async function requireMember(): Promise<CurrentMember> {
  const result = await resolve();
  if (!result.member) {
    const target = signInUrl(result.reason, result.workspaceSlug);
    redirect(result.staleSession ? target.replace("/sign-in?", "/session-ended?") : target);
  }
  return result.member;
}

/** For admin pages: like requireMember(), and non-admins are sent to /not-allowed. */
export async function requireAdmin(): Promise<CurrentMember> {
  const member = await requireMember();
  if (member.role !== "ADMIN") redirect("/not-allowed");
  return member;
}

/** For server actions: the signed-in ADMIN, or throws NotAllowedError (never redirects). */
export async function requireAdminForAction(): Promise<CurrentMember> {
  const result = await resolve();
  if (!result.member) throw new NotAllowedError(result.reason);
  if (result.member.role !== "ADMIN") throw new NotAllowedError("not-admin");
  return result.member;
}

/** The audit actor for something a signed-in member did. */
export function actorFor(member: Pick<CurrentMember, "id" | "userName">): Actor {
  return { kind: "MEMBER", id: member.id, label: member.userName };
}
