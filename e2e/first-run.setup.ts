// First run of an empty instance (one per engine, before every *.spec.ts): / leads to /setup,
// which creates the E2E workspace and its admin and signs them in; then sign out and back in.
// Everything else in e2e/ uses the workspace created here (see e2e/fixtures.ts).
import { alertIn, E2E, expect, signIn, test } from "./fixtures";

test("first-run setup → signed in as admin → sign out → sign in again", async ({ page, request, saveScreenshot }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up Roster" })).toBeVisible();
  // Sign-in has nothing to offer yet either.
  expect(new URL((await request.get("/sign-in", { maxRedirects: 0 })).headers().location ?? "", "http://x").pathname).toBe("/setup");

  // Validation errors keep the page and say what is wrong.
  await page.getByLabel("Workspace name").fill(E2E.workspaceName);
  await page.getByLabel("Given name").fill(E2E.adminGivenName);
  await page.getByLabel("Family name").fill(E2E.adminFamilyName);
  await page.getByLabel("Your email").fill(E2E.adminEmail);
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Password", { exact: true }).evaluate((el: HTMLInputElement) => el.removeAttribute("minlength"));
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(alertIn(page)).toContainText("at least 10 characters");
  await saveScreenshot(page, "setup");

  await page.getByLabel("Password", { exact: true }).fill(E2E.adminPassword);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL("**/members");

  // The admin shell, with the signed-in person.
  const main = page.getByRole("navigation", { name: "Main" });
  await expect(main.getByRole("link", { name: "Members and permissions" })).toBeVisible();
  await expect(page.getByText(E2E.adminName).first()).toBeVisible();
  await saveScreenshot(page, "members-after-setup");

  // Setup is closed for good.
  expect((await request.get("/setup")).status()).toBe(404);

  // Sign out → sign-in page; admin pages now send us to sign in.
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.waitForURL("**/sign-in");
  await page.goto("/members");
  await expect(page).toHaveURL(/\/sign-in\?reason=signed-out/);
  await expect(page.getByRole("status")).toContainText("signed out");
  // One workspace: the sign-in form does not ask for it.
  await expect(page.getByLabel("Workspace", { exact: true })).toHaveCount(0);
  await expect(page.getByText(`Workspace: ${E2E.workspaceName}`)).toBeVisible();
  await saveScreenshot(page, "sign-in");

  await signIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
  await expect(page).toHaveURL(/\/members$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/members$/);
});
