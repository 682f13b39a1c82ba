// SAML single sign-on end to end, in Chromium, through the local identity provider (dev-idp):
// Settings › SSO set-up with a metadata upload and a real Test connection; SP-initiated sign-in of
// a SCIM-provisioned Invited member (→ Active, in their group); IdP-initiated "tile" sign-in;
// disabled and unknown people refused (JIT off) or created (JIT on); Require SSO refusing a normal
// member's password but not the break-glass admin's. The connection is workspace-wide state, so the
// whole file is @exclusive and runs in order; it starts and ends with no connection (support/sso-connection).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SSO_REQUIRED_MESSAGE } from "../lib/auth/messages";
import { startDevIdp, type DevIdp } from "../dev-idp/server";
import { alertIn, E2E, expect, submitPasswordSignIn, test, unique, type ScimClient } from "./fixtures";
import { removeSsoConnection } from "./support/sso-connection";
import { takeSsoLock } from "./support/sso-lock";
import type { Browser, Page } from "@playwright/test";

const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
let idp: DevIdp;
const sp = { acsUrl: "", entityId: "" };

test.describe.configure({ mode: "serial" });

let releaseSsoLock: (() => void) | undefined;

test.beforeAll(async ({ browser }, testInfo) => {
  // The OIDC spec uses the workspace's one connection too: take turns (e2e/support/sso-lock).
  test.setTimeout(6 * 60_000); // may wait for the other SSO spec
  releaseSsoLock = await takeSsoLock(testInfo);
  await removeSsoConnection(browser, testInfo.project.use.baseURL!);
  // sso-saml's IdP ports are 7110-7119; one per engine project so both can run at once.
  idp = await startDevIdp({ port: testInfo.project.name.startsWith("postgres") ? 7113 : 7112 });
});
test.afterAll(async ({ browser }, testInfo) => {
  try {
    await removeSsoConnection(browser, testInfo.project.use.baseURL!);
  } finally {
    await idp?.close();
    releaseSsoLock?.();
  }
});

async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
  return (await browser.newContext({ baseURL })).newPage();
}

/** The dev IdP's login form (SP-initiated) or tile form: type the email, sign in, follow the auto-posted response. */
async function signInAtIdp(page: Page, email: string) {
  await expect(page.getByText("Roster dev IdP")).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function provision(scim: ScimClient, options: { active?: boolean } = {}) {
  const email = `${unique("sso")}@example.com`;
  const id = await scim.createUser({ userName: email, givenName: "Sam", familyName: `Sso${unique("n").slice(-6)}`, active: options.active ?? true });
  return { id, email };
}

const tileUrl = (email: string) => `${idp.url}/saml/tile?${new URLSearchParams({ acs: sp.acsUrl, audience: sp.entityId, email })}`;

test.describe("SAML single sign-on", { tag: "@exclusive" }, () => {
  // Each test is several browser round trips through two servers; on a loaded 2-core machine the
  // Require SSO test took 58 s of the default 60.
  test.beforeEach(() => test.slow());

  test("Settings › SSO: draft connection, IdP metadata upload, Test connection shows what came back", async ({ adminPage: page, saveScreenshot }, testInfo) => {
    await page.goto("/settings/sso");
    await expect(page.getByRole("heading", { name: "Single sign-on" })).toBeVisible();
    await page.getByLabel("Name shown to people").fill("Dev IdP");
    await page.getByRole("button", { name: "Create connection" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Connection saved (switched off)." })).toBeVisible();
    await page.reload();
    sp.acsUrl = await page.getByLabel("ACS URL (Single sign-on URL, Reply URL)").inputValue();
    sp.entityId = await page.getByLabel("SP Entity ID (Audience URI, Identifier)").inputValue();
    expect(sp.acsUrl).toMatch(/\/api\/sso\/saml\/acs\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel("Name ID format")).toHaveValue("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress");
    await saveScreenshot(page, "sso-settings-draft");

    // The SP metadata is real XML with the same values.
    const metadata = await page.request.get(await page.getByLabel("SP metadata URL").inputValue());
    expect(metadata.status()).toBe(200);
    const spXml = await metadata.text();
    expect(spXml).toContain(`entityID="${sp.entityId}"`);
    expect(spXml).toContain(`Location="${sp.acsUrl}"`);

    // Upload the IdP's metadata file, switch the connection on.
    mkdirSync(testInfo.outputDir, { recursive: true });
    const file = path.join(testInfo.outputDir, "idp-metadata.xml");
    writeFileSync(file, await (await fetch(idp.samlMetadataUrl)).text());
    await page.getByLabel("IdP metadata XML (upload)").setInputFiles(file);
    await expect(page.getByTestId("metadata-file")).toContainText("idp-metadata.xml");
    await page.getByLabel(/^Enabled/).check();
    await page.getByRole("button", { name: "Save connection" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Connection saved. Run Test connection" })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("IdP single sign-on URL")).toHaveValue(idp.samlSsoUrl);
    await expect(page.getByLabel("IdP entity ID (issuer)")).toHaveValue(idp.samlEntityId);
    await expect(page.getByRole("list", { name: "Trusted certificates" })).toContainText("Roster dev IdP");

    // Test connection: a real round trip; the admin signs in at the IdP and comes back to the result.
    await page.getByRole("link", { name: "Test connection" }).click();
    await signInAtIdp(page, E2E.adminEmail);
    await page.waitForURL(/\/settings\/sso\?test=ok/);
    const result = page.getByTestId("test-result");
    await expect(result).toContainText("The connection works.");
    await expect(result).toContainText(E2E.adminEmail);
    await expect(result).toContainText("yes (active)");
    await saveScreenshot(page, "sso-settings-tested");
  });

  test("SP-initiated: a SCIM-provisioned Invited member signs in with their email, becomes Active and shows in their group", async ({ browser, baseURL, scim, adminPage, saveScreenshot }) => {
    const person = await provision(scim);
    const groupName = unique("SSO group");
    const group = await scim.post<{ id: string }>("/Groups", { schemas: [GROUP_SCHEMA], displayName: groupName, members: [{ value: person.id }] });

    const page = await freshPage(browser, baseURL!);
    await page.goto("/sign-in");
    await page.getByLabel("Email", { exact: true }).fill(person.email);
    await saveScreenshot(page, "sign-in-email-first");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.samlSsoUrl));
    await saveScreenshot(page, "dev-idp-login");
    await signInAtIdp(page, person.email);
    await page.waitForURL(/\/account$/);
    await saveScreenshot(page, "sso-signed-in-account");

    const user = await scim.get<{ active: boolean }>(`/Users/${person.id}`);
    expect(user.active).toBe(true);
    await adminPage.goto(`/members/groups/${group.id}`);
    // Listed among the group's (active) members — not as pending any more.
    await expect(adminPage.locator("main")).toContainText(person.email);
    await adminPage.goto(`/members?status=active&q=${encodeURIComponent(person.email)}`);
    await expect(adminPage.locator("tbody tr")).toHaveCount(1);
    await saveScreenshot(adminPage, "sso-member-active-in-group");
    await page.context().close();
  });

  test("IdP-initiated (dashboard tile): an unsolicited response signs the person in", async ({ browser, baseURL, scim, saveScreenshot }) => {
    const person = await provision(scim);
    const page = await freshPage(browser, baseURL!);
    await page.goto(tileUrl(person.email));
    await page.waitForURL(/\/account$/);
    await expect(page.locator("main")).toContainText(person.email);
    await saveScreenshot(page, "sso-idp-initiated");
    await page.context().close();
  });

  test("a disabled member and an unknown email are refused (JIT off); with JIT on the unknown person is created Active", async ({ browser, baseURL, scim, adminPage, saveScreenshot }) => {
    const disabled = await provision(scim, { active: false });
    const page = await freshPage(browser, baseURL!);
    await page.goto(tileUrl(disabled.email));
    await page.waitForURL(/\/sign-in\/refused\?reason=member-disabled/);
    await expect(page.getByRole("heading", { name: "Your account is deactivated" })).toBeVisible();
    await saveScreenshot(page, "sso-refused-disabled");

    const stranger = `${unique("stranger")}@example.com`;
    await page.goto(tileUrl(stranger));
    await page.waitForURL(/\/sign-in\/refused\?reason=unknown-member/);
    await expect(page.getByTestId("refusal-reason")).toContainText("Ask your admin to assign you to Roster");
    await saveScreenshot(page, "sso-refused-unknown");

    // The refusals are on Activity, with their reasons.
    await adminPage.goto("/activity");
    await expect(adminPage.getByText("sso.refused").first()).toBeVisible();

    // Just-in-time provisioning on: the same stranger is created Active.
    await adminPage.goto("/settings/sso");
    await adminPage.getByLabel(/^Just-in-time provisioning/).check();
    await adminPage.getByRole("button", { name: "Save connection" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: "Connection saved" })).toBeVisible();
    await page.goto(tileUrl(stranger));
    await page.waitForURL(/\/account$/);
    const found = await scim.get<{ Resources: { active: boolean }[] }>(`/Users?filter=${encodeURIComponent(`userName eq "${stranger}"`)}`);
    expect(found.Resources).toHaveLength(1);
    expect(found.Resources[0].active).toBe(true);
    await adminPage.reload();
    await adminPage.getByLabel(/^Just-in-time provisioning/).uncheck();
    await adminPage.getByRole("button", { name: "Save connection" }).click();
    await expect(adminPage.getByRole("status").filter({ hasText: "Connection saved" })).toBeVisible();
    await page.context().close();
  });

  test("Require SSO: needs a break-glass admin; then a normal member's password is refused and the break-glass admin's is not", async ({ browser, baseURL, adminPage: page, newMember, saveScreenshot }) => {
    const member = await newMember();
    await page.goto("/settings/sso");
    const requireSwitch = page.getByRole("switch", { name: "Require SSO" });
    await requireSwitch.click();
    await expect(alertIn(page).filter({ hasText: "break-glass admin first" })).toBeVisible();
    await saveScreenshot(page, "sso-require-refused");
    await page.reload();
    await page.getByRole("switch", { name: new RegExp(E2E.adminEmail.replace(/[.+]/g, "\\$&")) }).click();
    await expect(page.getByTestId(`break-glass-${E2E.adminEmail}`)).toHaveText("Break-glass admin.");
    await page.getByRole("switch", { name: "Require SSO" }).click();
    await expect(page.getByTestId("require-sso-state")).toHaveText("SSO is required: passwords work only for break-glass admins.");
    await page.reload();
    await expect(page.getByRole("switch", { name: "Require SSO" })).toHaveAttribute("aria-checked", "true");
    await saveScreenshot(page, "sso-required");

    try {
      const normal = await freshPage(browser, baseURL!);
      await normal.goto("/sign-in");
      await submitPasswordSignIn(normal, member);
      await expect(alertIn(normal)).toHaveText(SSO_REQUIRED_MESSAGE);
      await saveScreenshot(normal, "sign-in-sso-required");
      await normal.context().close();

      const breakGlass = await freshPage(browser, baseURL!);
      await breakGlass.goto("/sign-in");
      await submitPasswordSignIn(breakGlass, { email: E2E.adminEmail, password: E2E.adminPassword });
      await breakGlass.waitForURL("**/members");
      await breakGlass.context().close();
    } finally {
      // Deleting the connection switches Require SSO off with it (afterAll deletes it).
      await page.goto("/settings/sso");
      page.once("dialog", (dialog) => dialog.accept());
      await page.getByRole("button", { name: "Delete connection" }).click();
      await expect(page.getByRole("button", { name: "Create connection" })).toBeVisible();
    }
  });
});
