// OpenID Connect sign-in end to end, in Chromium against the production build and the local dev
// IdP's real OpenID provider (dev-idp, started here on 7120/7121): the admin connects it in
// Settings › SSO, Test connection shows what came back, a SCIM-provisioned Invited member signs in
// through it (email first → IdP → back) and lands Active; a replayed callback is refused with the
// person-facing page. The workspace has one SSO connection and the SAML spec uses it too: the two
// take turns (e2e/support/sso-lock) and run after every other spec (@exclusive: while a connection
// is enabled, email-first sign-in sends the workspace's members to the IdP).
import { randomBytes } from "node:crypto";
import { startDevIdp, type DevIdp } from "../dev-idp/server";
import { expect, saveScreenshotFor, test, unique } from "./fixtures";
import { removeSsoConnection } from "./support/sso-connection";
import { takeSsoLock } from "./support/sso-lock";

const CLIENT_ID = "roster-e2e-oidc";
const CLIENT_SECRET = `e2e-oidc-${randomBytes(12).toString("hex")}`;

let idp: DevIdp;
let releaseLock: (() => void) | undefined;

test.describe.configure({ mode: "serial" });

test.describe("SSO with OpenID Connect", { tag: "@exclusive" }, () => {
  test.beforeAll(async ({ browser }, info) => {
    test.setTimeout(6 * 60_000); // may wait for the SAML spec to finish with the connection
    releaseLock = await takeSsoLock(info);
    const baseURL = info.project.use.baseURL!;
    await removeSsoConnection(browser, baseURL);
    idp = await startDevIdp({
      port: 7120 + (info.project.metadata?.engine === "postgres" ? 1 : 0),
      oidc: { clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [`${baseURL}/api/sso/oidc/callback`] }] },
    });
  });

  test.afterAll(async ({ browser }, info) => {
    try {
      await removeSsoConnection(browser, info.project.use.baseURL!);
    } finally {
      await idp?.close();
      releaseLock?.();
    }
  });

  test("admin connects the IdP over OIDC; Test connection shows the claims; an Invited member signs in and lands Active", async ({ adminPage: page, scim, browser }, testInfo) => {
    test.setTimeout(120_000);

    // 1. Settings › SSO: OpenID Connect with the dev IdP's issuer, client ID and secret.
    await page.goto("/settings/sso");
    await page.getByRole("radio", { name: "OpenID Connect" }).check();
    const redirectUri = page.getByLabel("Redirect URI (give this to the IdP)");
    await expect(redirectUri).toHaveValue(`${testInfo.project.use.baseURL}/api/sso/oidc/callback`);
    await page.getByLabel("Name shown to people").fill("Dev IdP (OIDC)");
    await page.getByLabel("Issuer URL").fill(idp.oidc!.issuer);
    await page.getByLabel("Client ID").fill(CLIENT_ID);
    await page.getByLabel("Client secret").fill(CLIENT_SECRET);
    const enabled = page.getByRole("checkbox", { name: /Enabled/ });
    if (!(await enabled.isChecked())) await enabled.check();
    await page.getByRole("button", { name: /(Create|Save) connection/ }).click();
    await expect(page.getByRole("status").filter({ hasText: /saved|created/i })).toBeVisible();
    await page.reload();
    // The secret is write-only: after saving, the page knows only that one is stored.
    await expect(page.getByLabel("Client secret")).toHaveValue("");
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    await expect(page.getByText("A secret is stored (never shown again)")).toBeVisible();
    await saveScreenshotFor(testInfo, page, "settings-sso-oidc");

    // 2. Test connection: a real round trip through the IdP's sign-in page; the claims come back.
    await page.getByRole("link", { name: "Test connection" }).or(page.getByRole("button", { name: "Test connection" })).first().click();
    await page.waitForURL((url) => url.href.startsWith(idp.oidc!.issuer));
    await expect(page.getByRole("heading", { name: "Dev IdP — OpenID Connect" })).toBeVisible();
    await saveScreenshotFor(testInfo, page, "dev-idp-oidc-user-picker");
    await page.getByRole("button", { name: "Sign in as grace@example.com" }).click();
    await page.waitForURL(/\/settings\/sso\?test=ok/);
    const result = page.getByTestId("test-result");
    await expect(result).toContainText("grace@example.com");
    await expect(result).toContainText("Grace");
    await expect(result).toContainText("Hopper");
    await expect(result).toContainText("Admins");
    await saveScreenshotFor(testInfo, page, "settings-sso-oidc-test-result");

    // 3. A person provisioned by SCIM (Invited) signs in with their email → IdP → Roster.
    const email = `${unique("oidc")}@example.com`;
    const memberId = await scim.createUser({ userName: email, givenName: "Olivia", familyName: "Connect" });
    await page.goto(`/members?status=invited&q=${encodeURIComponent(email)}`);
    await expect(page.locator("tbody tr")).toContainText("Invited");

    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const person = await context.newPage();
    const callbacks: string[] = [];
    person.on("request", (request) => {
      if (request.url().includes("/api/sso/oidc/callback")) callbacks.push(request.url());
    });
    await person.goto("/sign-in");
    await person.getByLabel("Email", { exact: true }).fill(email);
    await person.getByRole("button", { name: "Continue" }).click();
    await person.waitForURL((url) => url.href.startsWith(idp.oidc!.issuer));
    await person.getByLabel("Or any other email").fill(email);
    await person.getByRole("button", { name: "Sign in", exact: true }).click();
    await person.waitForURL((url) => !url.pathname.startsWith("/sign-in") && !url.href.startsWith(idp.oidc!.issuer) && !url.pathname.startsWith("/api/"));
    await expect(person.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    await saveScreenshotFor(testInfo, person, "signed-in-through-oidc");

    // 4. The admin sees them Active now.
    await page.goto(`/members?status=active&q=${encodeURIComponent(email)}`);
    await expect(page.locator("tbody tr")).toContainText("Olivia Connect");
    await expect(page.locator("tbody tr")).toContainText("Active");
    await page.goto(`/members/${memberId}`);
    await expect(page.getByText("Active", { exact: true }).first()).toBeVisible();
    await saveScreenshotFor(testInfo, page, "member-active-after-oidc");

    // 5. The same answer from the IdP, replayed: refused, with a page saying what to tell the admin.
    expect(callbacks).toHaveLength(1);
    const replay = await (await browser.newContext({ baseURL: testInfo.project.use.baseURL })).newPage();
    await replay.goto(callbacks[0]);
    await expect(replay).toHaveURL(/\/sign-in\/refused\?reason=oidc-state/);
    await expect(replay.getByRole("heading", { name: "This sign-in was not started here, or was already used" })).toBeVisible();
    await expect(replay.getByTestId("refusal-reason")).toContainText("Start again from the sign-in page");
    await saveScreenshotFor(testInfo, replay, "oidc-replay-refused");

    // 6. Activity shows the refusal with its reason.
    await page.goto("/activity");
    await expect(page.getByText("sso.refused").first()).toBeVisible();
    await context.close();
    await replay.context().close();
  });
});
