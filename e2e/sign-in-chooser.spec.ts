// Password sign-in from the email alone on an instance with several workspaces: the same email and
// password in two workspaces → after the password, a chooser of exactly those two (never before it,
// never for a wrong password) → the chosen workspace opens.
// A second workspace is made with the CLI (`workspace create`), which needs direct database access:
// the PostgreSQL project only (the embedded engine's directory is held by the server). @exclusive:
// once it exists the instance has several workspaces, which other specs do not expect.
import { execFileSync } from "node:child_process";
import { alertIn, E2E, expect, saveScreenshotFor, submitPasswordSignIn, test, unique } from "./fixtures";
import { INVALID_MESSAGE } from "../lib/auth/messages";

test.describe("sign-in with several workspaces", { tag: "@exclusive" }, () => {
  test("a password proving two memberships shows a chooser of exactly those; the chosen workspace opens", async ({ browser, baseURL, newMember, databaseUrl }, testInfo) => {
    test.skip(!databaseUrl, "needs the PostgreSQL project: the CLI creates the second workspace in the server's database");
    const password = `chooser-${unique("pw")}-password`;
    // In the E2E workspace: provisioned by SCIM with a password (Invited; the sign-in activates them).
    const person = await newMember({ password, givenName: "Chooser", familyName: "Person" });
    // In a second workspace: its first admin, same email and password.
    const otherName = `Second ${unique("ws")}`;
    execFileSync(
      process.execPath,
      ["bin/roster.mjs", "workspace", "create", "--name", otherName, "--admin-email", person.email, "--admin-password", password, "--admin-given-name", "Chooser", "--admin-family-name", "Person"],
      { env: { ...process.env, DATABASE_URL: databaseUrl! }, stdio: ["ignore", "pipe", "pipe"] },
    );

    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto("/sign-in");
    // No workspace field and no workspace name before the password proved anything.
    await expect(page.getByLabel("Workspace", { exact: true })).toHaveCount(0);
    await expect(page.getByText(otherName)).toHaveCount(0);
    await saveScreenshotFor(testInfo, page, "sign-in-several-workspaces");

    // A wrong password: the one "invalid" answer, no chooser.
    await submitPasswordSignIn(page, { email: person.email, password: "not the password at all" });
    await expect(alertIn(page)).toHaveText(INVALID_MESSAGE);
    await expect(page.getByTestId("workspace-chooser")).toHaveCount(0);
    await expect(page.getByText(otherName)).toHaveCount(0);

    // The right one: exactly the two workspaces.
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const chooser = page.getByTestId("workspace-chooser");
    await expect(chooser).toBeVisible();
    await expect(chooser.getByRole("button")).toHaveText([E2E.workspaceName, otherName, "Back"]);
    await saveScreenshotFor(testInfo, page, "sign-in-workspace-chooser");

    await chooser.getByRole("button", { name: otherName }).click();
    await page.waitForURL((url) => url.pathname !== "/sign-in");
    // The second workspace's admin lands on its Members page.
    await expect(page).toHaveURL(/\/members/);
    await expect(page.getByText(otherName).first()).toBeVisible();
    await saveScreenshotFor(testInfo, page, "sign-in-chosen-workspace");
    await context.close();
  });
});
