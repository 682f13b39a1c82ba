// The admin app's navigation, in one place: the sidebar and the section tabs both read it.
export interface NavLink {
  href: string;
  label: string;
  /** Is this link the current page (or a page under it)? */
  matches: (pathname: string) => boolean;
}

export interface NavSection {
  label: string;
  href: string;
  matches: (pathname: string) => boolean;
  /** Shown as tabs at the top of the section's pages. */
  tabs: NavLink[];
}

const under = (prefix: string) => (pathname: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

export const NAV_SECTIONS: NavSection[] = [
  {
    label: "Members and permissions",
    href: "/members",
    matches: under("/members"),
    tabs: [
      { href: "/members", label: "Members", matches: (p) => under("/members")(p) && !under("/members/groups")(p) },
      { href: "/members/groups", label: "Groups", matches: under("/members/groups") },
    ],
  },
  {
    label: "Settings",
    href: "/settings/api",
    matches: under("/settings"),
    tabs: [
      { href: "/settings/api", label: "API", matches: under("/settings/api") },
      { href: "/settings/sso", label: "SSO", matches: under("/settings/sso") },
      { href: "/settings/scim", label: "SCIM", matches: under("/settings/scim") },
      { href: "/settings/email", label: "Email", matches: under("/settings/email") },
    ],
  },
  { label: "Activity", href: "/activity", matches: under("/activity"), tabs: [] },
];

export function sectionFor(pathname: string): NavSection | undefined {
  return NAV_SECTIONS.find((s) => s.matches(pathname));
}
