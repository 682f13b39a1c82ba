// The admin app's navigation, in one place: the sidebar and the section tabs both read it. Each
// link names the permission its page requires (lib/permissions/roles.ts), so a role only sees what
// it can open — the pages check the same permission on the server.
import type { Permission } from "@/lib/permissions/roles";

export interface NavLink {
  href: string;
  label: string;
  permission: Permission;
  /** Is this link the current page (or a page under it)? */
  matches: (pathname: string) => boolean;
}

export interface NavSection {
  label: string;
  href: string;
  permission: Permission;
  matches: (pathname: string) => boolean;
  /** Shown as tabs at the top of the section's pages. */
  tabs: NavLink[];
}

const under = (prefix: string) => (pathname: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

export const NAV_SECTIONS: NavSection[] = [
  {
    label: "Members and permissions",
    href: "/members",
    permission: "members.view",
    matches: under("/members"),
    tabs: [
      { href: "/members", label: "Members", permission: "members.view", matches: (p) => under("/members")(p) && !under("/members/groups")(p) && !under("/members/roles")(p) },
      { href: "/members/groups", label: "Groups", permission: "groups.view", matches: under("/members/groups") },
      { href: "/members/roles", label: "Roles", permission: "members.view", matches: under("/members/roles") },
    ],
  },
  {
    label: "Settings",
    href: "/settings/api",
    permission: "settings.manage",
    matches: under("/settings"),
    tabs: [
      { href: "/settings/api", label: "API", permission: "settings.manage", matches: under("/settings/api") },
      { href: "/settings/sso", label: "SSO", permission: "settings.manage", matches: under("/settings/sso") },
      { href: "/settings/scim", label: "SCIM", permission: "settings.manage", matches: under("/settings/scim") },
      { href: "/settings/email", label: "Email", permission: "settings.manage", matches: under("/settings/email") },
    ],
  },
  { label: "Activity", href: "/activity", permission: "activity.view", matches: under("/activity"), tabs: [] },
];

/** The sections and tabs a member with these permissions can open. */
export function navFor(permissions: readonly Permission[]): NavSection[] {
  return NAV_SECTIONS.filter((s) => permissions.includes(s.permission)).map((s) => ({ ...s, tabs: s.tabs.filter((t) => permissions.includes(t.permission)) }));
}

export function sectionFor(pathname: string, sections: NavSection[] = NAV_SECTIONS): NavSection | undefined {
  return sections.find((s) => s.matches(pathname));
}
