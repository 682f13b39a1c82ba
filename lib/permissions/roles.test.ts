import { describe, expect, it } from "vitest";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import {
  assignableRoles,
  can,
  describeRoleSource,
  effectiveRole,
  highestRole,
  landingPath,
  MEMBER_ROLES,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  roleFromScimRoles,
  type Permission,
} from "./roles";

const g = (groupName: string, role: MemberRole) => ({ groupId: `id-${groupName}`, groupName, role });

describe("effective role: the highest of manual, groups and SCIM", () => {
  it.each([
    // manual, groups, scim → role, source, IdP floor
    ["VIEWER", [], null, "VIEWER", "set by an admin", null],
    ["GUEST", [g("Editors", "EDITOR")], null, "EDITOR", "from group Editors", "EDITOR"],
    ["VIEWER", [g("Editors", "EDITOR"), g("Roster Admins", "ADMIN")], null, "ADMIN", "from group Roster Admins", "ADMIN"],
    ["VIEWER", [g("B", "EDITOR"), g("A", "EDITOR")], null, "EDITOR", "from group A", "EDITOR"],
    ["GUEST", [], "ADMIN", "ADMIN", "from SCIM", "ADMIN"],
    ["GUEST", [g("Editors", "EDITOR")], "EDITOR", "EDITOR", "from group Editors", "EDITOR"],
    ["GUEST", [g("Viewers", "VIEWER")], "EDITOR", "EDITOR", "from SCIM", "EDITOR"],
    ["ADMIN", [g("Editors", "EDITOR")], "VIEWER", "ADMIN", "set by an admin", "EDITOR"],
    ["EDITOR", [g("Editors", "EDITOR")], null, "EDITOR", "from group Editors", "EDITOR"],
    ["EDITOR", [], "GUEST", "EDITOR", "set by an admin", "GUEST"],
  ] as const)("manual %s, groups %j, SCIM %s → %s (%s)", (manualRole, groupRoles, scimRole, role, source, floor) => {
    const result = effectiveRole({ manualRole, scimRole, groupRoles: [...groupRoles] });
    expect(result.role).toBe(role);
    expect(describeRoleSource(result.source)).toBe(source);
    expect(result.idpFloor).toBe(floor);
  });

  it("highestRole orders Guest < Viewer < Editor < Admin and ignores nothing-values", () => {
    expect(highestRole()).toBeNull();
    expect(highestRole(null, undefined)).toBeNull();
    expect(highestRole("GUEST", "VIEWER")).toBe("VIEWER");
    expect(highestRole("EDITOR", null, "VIEWER")).toBe("EDITOR");
    expect(highestRole("EDITOR", "ADMIN", "GUEST")).toBe("ADMIN");
  });
});

describe("SCIM roles", () => {
  it.each([
    [[{ value: "admin", primary: true }], "ADMIN"],
    [[{ value: "Admin" }], "ADMIN"],
    [[{ value: " EDITOR " }], "EDITOR"],
    [[{ value: "viewer" }, { value: "editor" }], "EDITOR"],
    [[{ value: "Student" }, { value: "guest" }], "GUEST"],
    [[{ value: "Student" }], null],
    [[{ display: "admin" }], null],
    [["admin"], "ADMIN"],
    [[], null],
    [undefined, null],
    [{ value: "admin" }, null],
  ])("%j → %s", (roles, role) => {
    expect(roleFromScimRoles(roles)).toBe(role);
  });
});

describe("what each role may do", () => {
  const expected: Record<MemberRole, Permission[]> = {
    ADMIN: [...PERMISSIONS],
    EDITOR: ["members.view", "members.viewEmails", "members.invite", "members.resendInvitation", "members.setActive", "members.changeRole", "groups.view", "account.self"],
    VIEWER: ["members.view", "groups.view", "account.self"],
    GUEST: ["account.self"],
  };
  const statuses: MemberStatus[] = ["ACTIVE", "INVITED", "DISABLED"];
  for (const role of MEMBER_ROLES) {
    for (const status of statuses) {
      for (const permission of PERMISSIONS) {
        const allowed = status !== "DISABLED" && expected[role].includes(permission);
        it(`${role} (${status}) ${allowed ? "may" : "may not"} ${permission}`, () => {
          expect(can({ role, status }, permission)).toBe(allowed);
        });
      }
    }
  }

  it("the table the Roles page shows is the one enforced", () => {
    for (const role of MEMBER_ROLES) expect([...ROLE_PERMISSIONS[role]].sort()).toEqual([...expected[role]].sort());
  });

  it("Admins hand out every role, Editors up to Editor, the others none", () => {
    expect(assignableRoles("ADMIN")).toEqual(["ADMIN", "EDITOR", "VIEWER", "GUEST"]);
    expect(assignableRoles("EDITOR")).toEqual(["EDITOR", "VIEWER", "GUEST"]);
    expect(assignableRoles("VIEWER")).toEqual([]);
    expect(assignableRoles("GUEST")).toEqual([]);
  });

  it("lands Admins and Editors on Members, Viewers and Guests on My account", () => {
    expect(MEMBER_ROLES.map(landingPath)).toEqual(["/members", "/members", "/account", "/account"]);
  });
});
