// Permissions (issue 19) in the browser: an admin maps a group to Admin; a member of that group
// signs in and uses the admin area; the IdP removing them from the group over SCIM takes Admin
// away on their next request; a Viewer reads Members without actions or addresses. Screenshots of
// the Roles page and of a member page showing where the role comes from.
import { expect, signIn, test, unique } from "./fixtures";

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

test.describe("roles", () => {
  test("a group mapped to Admin grants the admin area; SCIM removal takes it away on the next request", async ({
    adminPage,
    scim,
    newMember,
    memberPage,
    saveScreenshot,
  }) => {
    const member = await newMember({ givenName: "Grace", familyName: unique("Hopper") });
    const groupName = unique("Roster Admins");
    const group = await scim.post<{ id: string }>("/Groups", { schemas: [GROUP_SCHEMA], displayName: groupName, members: [{ value: member.id }] });

    // The admin maps the group to Admin on its page.
    await adminPage.goto(`/members/groups/${group.id}`);
    await adminPage.getByLabel("Members of this group get role").selectOption("ADMIN");
    await adminPage.getByRole("button", { name: "Save", exact: true }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: "Members of this group now get Admin." })).toBeVisible();

    // The member's page says where the role comes from, and the hand-set control can't go below it.
    await adminPage.goto(`/members/${member.id}`);
    await expect(adminPage.getByTestId("effective-role")).toHaveText(`Admin — from group ${groupName}`);
    const control = adminPage.getByLabel("Role set by hand");
    await expect(control.locator('option[value="VIEWER"]')).toBeDisabled();
    await expect(control.locator('option[value="ADMIN"]')).toBeEnabled();
    await expect(adminPage.getByText(`This member gets Admin from group ${groupName}.`)).toBeVisible();
    await saveScreenshot(adminPage, "member-role-source");

    // The Groups list says which role the group grants.
    await adminPage.goto(`/members/groups?q=${encodeURIComponent(groupName)}`);
    await expect(adminPage.locator(`tr[data-group-id="${group.id}"]`).getByTestId("grants-role")).toHaveText("Admin");

    // The Members list shows it too.
    await adminPage.goto(`/members?status=all&q=${encodeURIComponent(member.email)}`);
    await expect(adminPage.locator(`tr[data-member-id="${member.id}"]`)).toContainText(`from group ${groupName}`);

    // The member signs in and is an admin: lands on Members, opens settings.
    const page = await memberPage(member);
    await expect(page).toHaveURL(/\/members$/);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toBeVisible();
    await page.goto("/settings/api");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page).toHaveURL(/\/settings\/api$/);

    // The IdP removes them from the group: their next request no longer has Admin (the session an
    // admin opened ends; signed in again, they are a Viewer).
    const removal = await scim.raw("PATCH", `/Groups/${group.id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "remove", path: `members[value eq "${member.id}"]` }],
    });
    expect(removal.status()).toBe(204);
    await page.goto("/settings/api");
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, member);
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/settings/api");
    await expect(page).toHaveURL(/\/not-allowed\?need=settings\.manage/);
    await expect(page.getByText("Your role is Viewer")).toBeVisible();

    // The admin's view of the member follows.
    await adminPage.goto(`/members/${member.id}`);
    await expect(adminPage.getByTestId("effective-role")).toHaveText("Viewer — set by an admin");
  });

  test("a Viewer reads Members and Groups without actions or addresses", async ({ newMember, memberPage, saveScreenshot }) => {
    const other = await newMember({ givenName: "Otto", familyName: unique("Other") });
    const viewer = await newMember({ givenName: "Vera", familyName: unique("Viewer") });
    const page = await memberPage(viewer);
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/members?status=all");
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(page.getByRole("columnheader", { name: "Email" })).toHaveCount(0);
    await expect(page.getByText("Invite someone")).toHaveCount(0);
    await expect(page.getByRole("main")).not.toContainText("@e2e.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Activity" })).toHaveCount(0);

    await page.goto(`/members/${other.id}`);
    await expect(page.getByTestId("effective-role")).toHaveText("Viewer — set by an admin");
    await expect(page.getByRole("button", { name: "Save role" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Deactivate" })).toHaveCount(0);
    await expect(page.getByRole("main")).not.toContainText(other.email);
    await saveScreenshot(page, "member-page-viewer");

    await page.goto("/members/groups");
    await expect(page.getByRole("heading", { level: 1, name: "Groups" })).toBeVisible();
    await page.goto("/activity");
    await expect(page).toHaveURL(/\/not-allowed\?need=activity\.view/);
  });

  test("the Roles page shows what each role may do", async ({ adminPage, saveScreenshot }) => {
    await adminPage.goto("/members/roles");
    await expect(adminPage.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
    const table = adminPage.getByRole("table", { name: "Permissions by role" });
    await expect(table.getByRole("columnheader")).toHaveText(["Permission", "Admin", "Editor", "Viewer", "Guest"]);
    const cell = (role: string, permission: string) => table.locator(`td[data-role="${role}"][data-permission="${permission}"]`);
    await expect(cell("EDITOR", "members.invite")).toHaveAttribute("data-allowed", "true");
    await expect(cell("EDITOR", "settings.manage")).toHaveAttribute("data-allowed", "false");
    await expect(cell("VIEWER", "members.viewEmails")).toHaveAttribute("data-allowed", "false");
    await expect(cell("GUEST", "members.view")).toHaveAttribute("data-allowed", "false");
    await saveScreenshot(adminPage, "roles");
  });
});
