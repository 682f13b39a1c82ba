// Security headers on the production build: pages carry a nonce CSP and still work (no CSP
// violation while signing in and moving around the admin area), APIs carry theirs, nothing frames.
import type { Page } from "@playwright/test";
import { E2E, expect, submitPasswordSignIn, test } from "./fixtures";

/** Records CSP violations the page reports, from the DOM event and from the console. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("security headers", () => {
  test("a page carries a per-request nonce CSP, DENY, nosniff and no-referrer", async ({ page }) => {
    const first = await page.goto("/sign-in");
    const second = await page.request.get("/sign-in");
    const csp = first!.headers()["content-security-policy"];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(second.headers()["content-security-policy"]).not.toBe(csp); // a fresh nonce per request
    expect(first!.headers()).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" });
    // Served over http here: no HSTS.
    expect(first!.headers()["strict-transport-security"]).toBeUndefined();
    // Next.js put the nonce on its scripts.
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    const scripts = page.locator("script[nonce]");
    expect(await scripts.count()).toBeGreaterThan(0);
    expect(await scripts.first().evaluate((el) => (el as HTMLScriptElement).nonce)).toBe(nonce);
  });

  test("signing in and using the admin area raise no CSP violation", async ({ page }) => {
    const violations = await watchCsp(page);
    await page.goto("/sign-in");
    await submitPasswordSignIn(page, { email: E2E.adminEmail, password: E2E.adminPassword }); // client-side JS: only runs if the nonce works
    await page.waitForURL("**/members");
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Activity" }).click();
    await expect(page).toHaveURL(/\/activity$/);
    await nav.getByRole("link", { name: "Members", exact: true }).click();
    await expect(page).toHaveURL(/\/members$/);
    await page.goto("/settings/api");
    await expect(page.locator("main h1").first()).toBeVisible();
    expect(violations).toEqual([]);
  });

  test("the app cannot be framed", async ({ page }) => {
    await page.goto("/sign-in");
    await page.setContent(`<iframe id="f" src="${new URL("/sign-in", page.url()).href}"></iframe>`);
    await page.waitForTimeout(1000);
    const framed = page.frames().find((frame) => frame.url().includes("/sign-in"));
    // Chromium refuses to render it: the frame stays empty (chrome-error) rather than showing the form.
    const formShown = framed ? await framed.getByLabel("Email", { exact: true }).count().catch(() => 0) : 0;
    expect(formShown).toBe(0);
  });

  test("API responses carry their own headers: Next.js routes and the SCIM API", async ({ request }) => {
    const health = await request.get("/api/health");
    expect(health.headers()).toMatchObject({ "x-frame-options": "DENY", "x-content-type-options": "nosniff" });
    const scim = await request.get("/api/v2/scim/ServiceProviderConfig");
    expect(scim.status()).toBe(401);
    expect(scim.headers()).toMatchObject({
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
  });
});
