// Member administration end to end: a person provisioned over SCIM accepts their invitation
// (through the e2e mail sink) and is a non-admin → admin pages send them to /not-allowed; the
// admin changes their role, deactivates them (with the SCIM warning; their next request is
// signed out) and reactivates them; the last active admin cannot demote themselves; the Members
// filter and search live in the URL and survive a reload.
import { expect, test, type Page } from "@playwright/test";
import { E2E, saveScreenshotFor } from "./fixtures";
import { invitationLinkFor } from "./smtp/mailbox";
import { generateTokenInUi, oktaLikeClient, ready, signInAsAdmin, statusCount, uniqueTag } from "./admin-support";

const PASSWORD = "a good long password";

async function openMember(page: Page, userName: string, status: "invited" | "active" | "disabled" | "all" = "all") {
  await page.goto(`/members?status=${status}&q=${encodeURIComponent(userName)}`);
  await ready(page);
  await ready(page);
  await page.locator("tbody tr").first().getByRole("link").click();
  await page.waitForURL(/\/members\/[0-9a-f-]{36}$/);
  await ready(page);
}

test.describe("member administration", () => {
  test("non-admin is denied; role change; deactivate / reactivate with confirmation", async ({ page, browser, request, baseURL }, testInfo) => {
    test.slow(); // waits for the invitation email
    await signInAsAdmin(page);
    const tag = uniqueTag("mem");
    const scim = oktaLikeClient(request, baseURL!, await generateTokenInUi(page, `Members ${tag}`));
    const email = `${tag}.katherine@okta.test`;
    await scim.pushUser({ userName: email, givenName: "Katherine", familyName: `Johnson${tag}` });

    // The person accepts their invitation and is signed in as a Viewer.
    const link = await invitationLinkFor(email);
    const personContext = await browser.newContext();
    const person = await personContext.newPage();
    await person.goto(link);
    await person.getByLabel("Choose a password").fill(PASSWORD);
    await person.getByLabel("Confirm the password").fill(PASSWORD);
    await person.getByRole("button", { name: "Set password and sign in" }).click();
    await person.waitForURL((url) => url.pathname === "/account");

    // A Viewer reads Members and Groups but can't reach settings or activity.
    for (const path of ["/settings/api", "/settings/scim", "/activity"]) {
      await person.goto(path);
      await expect(person, `${path} for a viewer`).toHaveURL(/\/not-allowed\?need=/);
    }
    await expect(person.getByRole("heading", { name: "You don't have access to that page" })).toBeVisible();

    // Role change (admin).
    await openMember(page, email, "active");
    await expect(page.getByText("Active: this person can sign in.")).toBeVisible();
    await page.getByLabel("Role set by hand").selectOption("EDITOR");
    await page.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Role changed to Editor." })).toBeVisible();
    await page.reload();
    await ready(page);
    await expect(page.getByLabel("Role set by hand")).toHaveValue("EDITOR");

    // Deactivate: a confirmation dialog that warns the IdP may change it back; Cancel does nothing.
    await page.getByRole("button", { name: "Deactivate" }).click();
    const dialog = page.getByRole("dialog", { name: /^Deactivate / });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("the identity provider may change this back");
    await saveScreenshotFor(testInfo, page, "deactivate-dialog");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Deactivate" })).toBeFocused();
    await page.getByRole("button", { name: "Deactivate" }).click();
    await dialog.getByRole("button", { name: "Deactivate" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Reactivate" })).toBeVisible();
    await expect(page.getByText("Disabled: this person cannot sign in.")).toBeVisible();

    // Their next request signs them out.
    await person.goto("/account");
    await expect(person).toHaveURL(/\/sign-in\?.*reason=disabled/);

    // Reactivate: they had signed in before, so they are Active again.
    await page.getByRole("button", { name: "Reactivate" }).click();
    const again = page.getByRole("dialog", { name: /^Reactivate / });
    await expect(again).toContainText("become Active");
    await again.getByRole("button", { name: "Reactivate" }).click();
    await expect(page.getByText("Active: this person can sign in.")).toBeVisible();
    await expect(page.getByText(/member\.(deactivated|reactivated)/).first()).toBeVisible();

    await personContext.close();
  });

  test("the last active admin cannot demote themselves", async ({ page }) => {
    await signInAsAdmin(page);
    const email = E2E.adminEmail;
    await openMember(page, email, "active");
    await expect(page.getByText("You can't deactivate your own account.")).toBeVisible();
    await expect(page.getByText("This is the workspace's only active admin.")).toBeVisible();
    await page.getByLabel("Role set by hand").selectOption("VIEWER");
    await page.getByRole("button", { name: "Save role" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "last active admin" })).toBeVisible();
    await page.reload();
    await ready(page);
    await expect(page.getByLabel("Role set by hand")).toHaveValue("ADMIN");
    // Still an admin: the admin pages still open.
    await page.goto("/members");
    await ready(page);
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  });

  test("status filter, search and sort live in the URL and survive a reload", async ({ page, request, baseURL }, testInfo) => {
    await signInAsAdmin(page);
    const tag = uniqueTag("flt");
    const scim = oktaLikeClient(request, baseURL!, await generateTokenInUi(page, `Filters ${tag}`));
    for (const name of ["Barbara", "Dorothy"]) await scim.pushUser({ userName: `${tag}.${name.toLowerCase()}@okta.test`, givenName: name, familyName: tag });

    await page.goto("/members");
    await ready(page);
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(page.locator("tbody tr").first()).toBeVisible();
    await saveScreenshotFor(testInfo, page, "members");
    // Debounced server-side search: typing updates ?q= (no client-side filtering).
    await page.getByRole("searchbox", { name: "Search members by name or email" }).fill(tag);
    await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}`));
    expect(await statusCount(page, "invited")).toBe(2);
    await page.getByRole("navigation", { name: "Filter members by status" }).getByRole("link", { name: /Invited/ }).click();
    await expect(page).toHaveURL(/status=invited/);
    await page.getByRole("columnheader", { name: /Name/ }).getByRole("link").click(); // name, descending
    await expect(page).toHaveURL(/dir=desc/);
    await expect(page.locator("tbody tr").first()).toContainText("Dorothy");

    await page.reload();
    await ready(page);
    await expect(page.getByRole("searchbox", { name: "Search members by name or email" })).toHaveValue(tag);
    await expect(page.getByRole("navigation", { name: "Filter members by status" }).getByRole("link", { name: /Invited/ })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
    await expect(page.locator("tbody tr")).toHaveCount(2);
    await expect(page.locator("tbody tr").first()).toContainText("Dorothy");

    // Phone layout: no horizontal overflow of the page itself.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await ready(page);
    await expect(page.locator("tbody tr")).toHaveCount(2);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshotFor(testInfo, page, "members-phone");
  });
});
