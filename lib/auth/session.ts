// The session contract the rest of the app codes against. Server components, route handlers and
// server actions call these; nothing else reads the next-auth session directly.
//
// The JWT only says WHO signed in (member id + workspace id). Every call re-reads the member from
// the database, so a member who is deleted or DISABLED is signed out on their very next request,
// and a role change applies immediately.
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { recordAudit, type Actor } from "@/lib/audit";
import { getDatabase, getPrisma } from "@/lib/db";
import { can, notPermittedMessage, type Permission } from "@/lib/permissions/roles";
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

/**
 * Every refusal is recorded: who, which permission their role lacks (or, with `refusal`, the rule
 * that stopped an allowed action — an Editor acting on an Admin), and where they tried.
 */
export async function recordAccessDenied(member: CurrentMember, permission: Permission, where: string, refusal?: string): Promise<void> {
  await recordAudit((await getDatabase()).sql, {
    workspaceId: member.workspaceId,
    actor: actorFor(member),
    action: "access.denied",
    target: { type: "Permission", id: permission },
    outcome: "FAILURE",
    details: { permission, role: member.role, where, ...(refusal ? { refusal } : {}) },
  });
}

/**
 * For pages (and layouts): the signed-in member if their role has `permission`
 * (lib/permissions/roles.ts); anyone else is sent to /not-allowed, and the refusal is audited.
 * `where` names the page in the audit event.
 */
export async function requirePermission(permission: Permission, where: string): Promise<CurrentMember> {
  const member = await requireMember();
  if (!can(member, permission)) {
    await recordAccessDenied(member, permission, where);
    redirect(`/not-allowed?${new URLSearchParams({ need: permission })}`);
  }
  return member;
}

/** For admin-only pages (settings): requirePermission("settings.manage"). */
export function requireAdmin(where = "admin page"): Promise<CurrentMember> {
  return requirePermission("settings.manage", where);
}

/** For server actions: the signed-in member if their role has `permission`, else NotAllowedError (audited; never redirects). */
export async function requirePermissionForAction(permission: Permission, where: string): Promise<CurrentMember> {
  const result = await resolve();
  if (!result.member) throw new NotAllowedError(result.reason);
  if (!can(result.member, permission)) {
    await recordAccessDenied(result.member, permission, where);
    throw new NotAllowedError("not-permitted", notPermittedMessage(permission));
  }
  return result.member;
}

/** For admin-only server actions (settings). */
export function requireAdminForAction(where = "admin action"): Promise<CurrentMember> {
  return requirePermissionForAction("settings.manage", where);
}

/** The audit actor for something a signed-in member did. */
export function actorFor(member: Pick<CurrentMember, "id" | "userName">): Actor {
  return { kind: "MEMBER", id: member.id, label: member.userName };
}
