// What each role may do, and how a member's effective role is decided — the ONE source the
// Roles page renders and every server-side check reads (lib/permissions/require.ts). Pure: no
// database, no framework, so the rule is tested as a table.
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";

/** Most powerful first (also the enum's declaration order, which the SQL rule relies on: min() is the most powerful). */
export const MEMBER_ROLES = ["ADMIN", "EDITOR", "VIEWER", "GUEST"] as const satisfies readonly MemberRole[];

export const ROLE_LABEL: Record<MemberRole, string> = { ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer", GUEST: "Guest" };

/** Guest < Viewer < Editor < Admin. */
export const ROLE_RANK: Record<MemberRole, number> = { GUEST: 0, VIEWER: 1, EDITOR: 2, ADMIN: 3 };

export const isRole = (value: string): value is MemberRole => (MEMBER_ROLES as readonly string[]).includes(value);

/** The more powerful of roles (null/undefined count as nothing); null when none is given. */
export function highestRole(...roles: (MemberRole | null | undefined)[]): MemberRole | null {
  let best: MemberRole | null = null;
  for (const role of roles) if (role && (best === null || ROLE_RANK[role] > ROLE_RANK[best])) best = role;
  return best;
}

export const atLeast = (role: MemberRole, floor: MemberRole) => ROLE_RANK[role] >= ROLE_RANK[floor];

/** A granted role and why: the member page says "Admin — from group Roster Admins". */
export type RoleSource = { kind: "manual" } | { kind: "group"; groupId: string; groupName: string } | { kind: "scim" };

export interface RoleInputs {
  /** Set by hand (invitation, the member's page). */
  manualRole: MemberRole;
  /** The highest role SCIM `roles` named, or null. */
  scimRole: MemberRole | null;
  /** The roles the member's groups grant. */
  groupRoles: { groupId: string; groupName: string; role: MemberRole }[];
}

export interface EffectiveRole {
  role: MemberRole;
  /** Where the effective role comes from; an IdP source wins a tie (the admin can't lower it anyway). */
  source: RoleSource;
  /** The highest role the IdP grants (groups or SCIM): a role set by hand may not go below it. */
  idpFloor: MemberRole | null;
  idpSource: RoleSource | null;
}

/** The effective role: the highest of the manual role, the groups' roles and the SCIM role. */
export function effectiveRole(inputs: RoleInputs): EffectiveRole {
  let idp: { role: MemberRole; source: RoleSource } | null = null;
  // Groups in a stable order (by name) so the source named is always the same one.
  const groups = [...inputs.groupRoles].sort((a, b) => a.groupName.localeCompare(b.groupName));
  for (const group of groups) {
    if (!idp || ROLE_RANK[group.role] > ROLE_RANK[idp.role]) idp = { role: group.role, source: { kind: "group", groupId: group.groupId, groupName: group.groupName } };
  }
  if (inputs.scimRole && (!idp || ROLE_RANK[inputs.scimRole] > ROLE_RANK[idp.role])) idp = { role: inputs.scimRole, source: { kind: "scim" } };
  const manualWins = !idp || ROLE_RANK[inputs.manualRole] > ROLE_RANK[idp.role];
  return {
    role: manualWins ? inputs.manualRole : idp!.role,
    source: manualWins ? { kind: "manual" } : idp!.source,
    idpFloor: idp?.role ?? null,
    idpSource: idp?.source ?? null,
  };
}

/** How the UI names a source: "from group Roster Admins", "from SCIM", "set by an admin". */
export function describeRoleSource(source: RoleSource): string {
  switch (source.kind) {
    case "group":
      return `from group ${source.groupName}`;
    case "scim":
      return "from SCIM";
    case "manual":
      return "set by an admin";
  }
}

/** SCIM `roles` values that name a role (case-insensitive) grant it; the highest counts. Others grant nothing. */
export function roleFromScimRoles(roles: unknown): MemberRole | null {
  if (!Array.isArray(roles)) return null;
  const named = roles.map((entry) => {
    const value = entry && typeof entry === "object" ? (entry as { value?: unknown }).value : entry;
    const upper = typeof value === "string" ? value.trim().toUpperCase() : "";
    return isRole(upper) ? upper : null;
  });
  return highestRole(...named);
}

// ---- What each role may do ---------------------------------------------------------------------

export const PERMISSIONS = [
  "members.view",
  "members.viewEmails",
  "members.invite",
  "members.resendInvitation",
  "members.setActive",
  "members.changeRole",
  "groups.view",
  "groups.mapRole",
  "activity.view",
  "settings.manage",
  "account.self",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The Roles page's rows: what each permission means to an admin reading the table. */
export const PERMISSION_LABEL: Record<Permission, string> = {
  "members.view": "See Members and Groups",
  "members.viewEmails": "See members' email addresses",
  "members.invite": "Invite people",
  "members.resendInvitation": "Resend invitations",
  "members.setActive": "Deactivate and reactivate members",
  "members.changeRole": "Change members' roles",
  "groups.view": "See groups and their members",
  "groups.mapRole": "Choose the role a group grants",
  "activity.view": "See the activity log",
  "settings.manage": "Settings: API tokens, SCIM, SSO, email",
  "account.self": "My account",
};

/** Caveats a cell needs (the Roles page shows them under the table). */
export const PERMISSION_NOTE: Partial<Record<`${MemberRole}:${Permission}`, string>> = {
  "EDITOR:members.changeRole": "Members who are not Admins, up to Editor.",
  "EDITOR:members.setActive": "Members who are not Admins.",
};

export const ROLE_PERMISSIONS: Record<MemberRole, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  EDITOR: [
    "members.view",
    "members.viewEmails",
    "members.invite",
    "members.resendInvitation",
    "members.setActive",
    "members.changeRole",
    "groups.view",
    "account.self",
  ],
  // Viewer is what an IdP typically hands everyone: names only, so the directory's addresses are
  // not exportable by every employee.
  VIEWER: ["members.view", "groups.view", "account.self"],
  GUEST: ["account.self"],
};

/**
 * May a member with this role and status do this? A DISABLED member may do nothing (they are
 * signed out anyway); an INVITED member has not signed in yet, but their role counts once they do.
 */
export function can(member: { role: MemberRole; status?: MemberStatus }, permission: Permission): boolean {
  if (member.status === "DISABLED") return false;
  return ROLE_PERMISSIONS[member.role].includes(permission);
}

/** The most powerful role an actor may hand out (Editors: up to Editor); null when they may change no role. */
export function assignableRoles(actorRole: MemberRole): MemberRole[] {
  if (!ROLE_PERMISSIONS[actorRole].includes("members.changeRole")) return [];
  return actorRole === "ADMIN" ? [...MEMBER_ROLES] : MEMBER_ROLES.filter((r) => ROLE_RANK[r] <= ROLE_RANK.EDITOR);
}

/** Whether `actor` may act on `target` at all (Editors never act on Admins). */
export function mayManage(actorRole: MemberRole, targetRole: MemberRole): boolean {
  return actorRole === "ADMIN" || targetRole !== "ADMIN";
}

/** Where a member lands after signing in: the admin area for those who manage members, My account otherwise. */
export function landingPath(role: MemberRole): "/members" | "/account" {
  return role === "ADMIN" || role === "EDITOR" ? "/members" : "/account";
}

/** The refusal people read when their role does not allow something. */
export function notPermittedMessage(permission: Permission): string {
  return `Your role does not allow this (${PERMISSION_LABEL[permission].toLowerCase()}). Ask a workspace admin.`;
}
