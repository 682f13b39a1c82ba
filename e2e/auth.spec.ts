// Sign-in, sessions and the shell: wrong passwords, non-admins, disabled members, navigation.
import { DISABLED_MESSAGE, INVALID_MESSAGE } from "../lib/auth/messages";
import type { Page } from "@playwright/test";
import { alertIn, E2E, expect, signIn, submitPasswordSignIn, test, unique } from "./fixtures";

test.describe("sign-in", () => {
  test("a wrong password or unknown email shows one error and signs nobody in", async ({ page, saveScreenshot }) => {
    for (const attempt of [
      { email: E2E.adminEmail, password: "not the password" },
      { email: `${unique("nobody")}@e2e.test`, password: E2E.adminPassword },
    ]) {
      await page.goto("/sign-in");
      await submitPasswordSignIn(page, { email: attempt.email, password: attempt.password });
      await expect(alertIn(page)).toHaveText(INVALID_MESSAGE);
      await expect(page).toHaveURL(/\/sign-in/);
      await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
      await expect(page.getByLabel("Email", { exact: true })).toHaveValue(attempt.email);
    }
    await saveScreenshot(page, "sign-in-wrong-password");
    await page.goto("/members");
    await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);
  });

  test("?workspace= names the workspace (a password for another one is refused); without it the email finds it", async ({ page }) => {
    await page.goto("/sign-in?workspace=some-other-team");
    await expect(page.getByLabel("Workspace", { exact: true })).toHaveCount(0);
    await submitPasswordSignIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
    // The admin's password is right, but not for that workspace.
    await expect(alertIn(page)).toHaveText(INVALID_MESSAGE);
    await page.goto("/sign-in");
    await submitPasswordSignIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
    await page.waitForURL("**/members");
  });
});

test.describe("after sign-in, callbackUrl never leaves the app", () => {
  // Shapes a browser normalizes to another origin (the tab one reached http://evil.example in Chromium).
  const foreign = ["/\t/evil.example/members", "/%09/evil.example/members", "/\\evil.example", "/.//evil.example", "//evil.example"];
  const onApp = (page: Page, baseURL: string | undefined) => new URL(page.url()).origin === new URL(baseURL!).origin;

  test("through the sign-in form", async ({ page, baseURL }) => {
    for (const callbackUrl of foreign) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      await submitPasswordSignIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
      await page.waitForURL((url) => url.pathname !== "/sign-in");
      await page.waitForLoadState();
      expect(onApp(page, baseURL), `${JSON.stringify(callbackUrl)} → ${page.url()}`).toBe(true);
    }
  });

  test("when already signed in", async ({ adminPage: page, baseURL }) => {
    for (const callbackUrl of foreign) {
      await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`).catch(() => {}); // a foreign host would not resolve
      await page.waitForLoadState();
      expect(onApp(page, baseURL), `${JSON.stringify(callbackUrl)} → ${page.url()}`).toBe(true);
    }
  });
});

test.describe("members who are not admins", () => {
  test("land on My account (first sign-in activates them) and are not allowed into admin pages", async ({ newMember, memberPage, saveScreenshot }) => {
    const member = await newMember({ givenName: "Vera", familyName: "Viewer" });
    const page = await memberPage(member);
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
    const profile = page.getByRole("region", { name: "Profile" });
    await expect(profile).toContainText(member.email);
    await expect(profile).toContainText("Viewer");
    await expect(profile).toContainText("Active");
    await expect(page.getByRole("region", { name: "Groups" })).toBeVisible();
    await saveScreenshot(page, "account");

    // A Viewer may read Members and Groups (e2e/roles.spec.ts); settings and activity are refused.
    for (const path of ["/settings/api", "/settings/scim", "/activity"]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/not-allowed\?need=/);
    }
    await expect(page.getByRole("heading", { name: "You don't have access to that page" })).toBeVisible();
    await saveScreenshot(page, "not-allowed");
    await page.getByRole("link", { name: "Go to My account" }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("a disabled member is bounced to sign-in with the explanation on their next page load", async ({ newMember, memberPage, scim, saveScreenshot }) => {
    const member = await newMember();
    const page = await memberPage(member);
    await expect(page).toHaveURL(/\/account$/);

    await scim.setActive(member.id, false); // what the IdP does

    await page.reload();
    await expect(page).toHaveURL(/\/sign-in\?reason=disabled/);
    await expect(alertIn(page)).toHaveText(DISABLED_MESSAGE);
    await saveScreenshot(page, "sign-in-disabled");

    // Signing in again is refused with the same explanation.
    await submitPasswordSignIn(page, { email: member.email, password: member.password });
    await expect(alertIn(page)).toHaveText(DISABLED_MESSAGE);
    await expect(page).toHaveURL(/\/sign-in/);

    // Re-enabled by the IdP: the old session stays dead (its cookie was deleted), a new sign-in works.
    await scim.setActive(member.id, true);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);
    await signIn(page, member);
    await expect(page).toHaveURL(/\/account$/);
  });
});

test.describe("sessions", () => {
  test("signing out ends the session for good: a copy of its cookie taken before is refused", async ({ newMember, memberPage, browser, workerBaseURL }) => {
    const member = await newMember();
    const page = await memberPage(member);
    await expect(page).toHaveURL(/\/account$/);
    const copied = await page.context().storageState();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    const thief = await browser.newContext({ baseURL: workerBaseURL, storageState: copied });
    const stolen = await thief.newPage();
    await stolen.goto("/account");
    await expect(stolen).toHaveURL(/\/sign-in\?reason=signed-out/);
    await thief.close();
  });

  test("Sign out everywhere (My account) ends the member's sessions in every browser", async ({ newMember, memberPage, saveScreenshot }) => {
    const member = await newMember();
    const laptop = await memberPage(member);
    const phone = await memberPage(member);
    await expect(phone).toHaveURL(/\/account$/);
    await expect(laptop.getByRole("region", { name: "Sessions" })).toBeVisible();
    await saveScreenshot(laptop, "account-sessions");
    await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(laptop).toHaveURL(/\/sign-in/);
    await phone.reload();
    await expect(phone).toHaveURL(/\/sign-in\?reason=signed-out/);
    await signIn(phone, member);
    await expect(phone).toHaveURL(/\/account$/);
  });
});

test.describe("admin shell", () => {
  test("navigation marks the current page, works from the keyboard, and folds into a menu on phones", async ({ adminPage: page, saveScreenshot }) => {
    await page.goto("/members");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Members and permissions", "Members", "Groups", "Settings", "API", "SCIM", "Activity"]) {
      await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
    }
    await expect(nav.getByRole("link", { name: "Members", exact: true })).toHaveAttribute("aria-current", "page");

    // Section tabs: Members | Groups.
    const tabs = page.getByRole("navigation", { name: "Members and permissions" });
    await tabs.getByRole("link", { name: "Groups" }).click();
    await expect(page).toHaveURL(/\/members\/groups$/);
    await expect(tabs.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");

    // Keyboard: focus the SCIM link and press Enter.
    await nav.getByRole("link", { name: "SCIM", exact: true }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/settings\/scim$/);
    await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "SCIM" })).toHaveAttribute("aria-current", "page");
    await expect(page.locator("main h1").first()).toBeVisible(); // past the page's loading skeleton
    await saveScreenshot(page, "shell-desktop");

    // Phone: the sidebar is replaced by a Menu button.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/activity");
    await expect(nav).toBeHidden();
    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    await menu.click();
    await expect(page.getByRole("button", { name: "Close menu" })).toHaveAttribute("aria-expanded", "true");
    const mobileNav = page.locator("#mobile-navigation").getByRole("navigation", { name: "Main" });
    await expect(mobileNav.getByRole("link", { name: "Activity" })).toHaveAttribute("aria-current", "page");
    await saveScreenshot(page, "shell-phone-menu");
    await mobileNav.getByRole("link", { name: "Members", exact: true }).click();
    await expect(page).toHaveURL(/\/members$/);
    await expect(page.locator("#mobile-navigation")).toHaveCount(0);
  });

  test("GET /api/health reports this project's engine", async ({ request, engine }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: { engine, ok: true } });
  });
});
