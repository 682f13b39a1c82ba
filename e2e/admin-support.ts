// Helpers for the admin UI specs (e2e/admin-*.spec.ts): a SCIM client that talks to the API the
// way Okta does, and UI steps used by several specs. Kept free of fixture specifics.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E, signIn } from "./fixtures";

export const SCIM_CONTENT_TYPE = "application/scim+json";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A short unique tag for names, so specs can run against a shared database. */
export function uniqueTag(prefix = "e2e"): string {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface OktaLikeClient {
  status(path: string): Promise<number>;
  /** Okta's order: GET /Users?filter=userName eq "…", then POST /Users when nothing matched. */
  pushUser(user: { userName: string; givenName: string; familyName: string; externalId?: string }): Promise<string>;
  pushGroup(displayName: string, memberIds: string[]): Promise<string>;
  addToGroup(groupId: string, memberIds: string[]): Promise<void>;
}

export function oktaLikeClient(request: APIRequestContext, baseURL: string, token: string): OktaLikeClient {
  const url = (path: string) => `${baseURL.replace(/\/$/, "")}/api/v2/scim${path}`;
  const headers = { authorization: `Bearer ${token}`, accept: SCIM_CONTENT_TYPE, "content-type": SCIM_CONTENT_TYPE };
  return {
    async status(path) {
      return (await request.get(url(path), { headers })).status();
    },
    async pushUser(user) {
      const filter = encodeURIComponent(`userName eq "${user.userName}"`);
      const lookup = await request.get(url(`/Users?filter=${filter}&startIndex=1&count=100`), { headers });
      expect(lookup.status()).toBe(200);
      expect((await lookup.json()).totalResults).toBe(0);
      const created = await request.post(url("/Users"), {
        headers,
        data: {
          schemas: [USER_SCHEMA],
          userName: user.userName,
          externalId: user.externalId ?? `00u${Math.random().toString(36).slice(2, 12)}`,
          name: { givenName: user.givenName, familyName: user.familyName },
          displayName: `${user.givenName} ${user.familyName}`,
          emails: [{ primary: true, value: user.userName, type: "work" }],
          active: true,
          locale: "en-US",
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      return (await created.json()).id as string;
    },
    async pushGroup(displayName, memberIds) {
      const created = await request.post(url("/Groups"), {
        headers,
        data: { schemas: [GROUP_SCHEMA], displayName, members: memberIds.map((value) => ({ value })) },
      });
      expect(created.status(), await created.text()).toBe(201);
      return (await created.json()).id as string;
    },
    async addToGroup(groupId, memberIds) {
      const patched = await request.patch(url(`/Groups/${groupId}`), {
        headers,
        data: { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: memberIds.map((value) => ({ value })) }] },
      });
      expect([200, 204], await patched.text()).toContain(patched.status());
    },
  };
}

/** Settings › API: generates a token through the UI and reads the one-time secret off the page. */
export async function generateTokenInUi(page: Page, name: string, expiresInDays?: number): Promise<string> {
  await page.goto("/settings/api");
  await ready(page);
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Token name").fill(name);
  if (expiresInDays) await page.getByLabel("Expires in (days)").fill(String(expiresInDays));
  await page.getByRole("button", { name: "Generate token" }).click();
  await expect(page.getByText("You won't see it again.")).toBeVisible();
  const secret = await page.getByTestId("new-token-secret").inputValue();
  expect(secret.length).toBeGreaterThan(20);
  await expect(page.locator(`tr[data-token-name="${name}"]`)).toContainText("Active");
  return secret;
}

/** The count shown on a status filter link (Active / Invited / Disabled / All). */
export async function statusCount(page: Page, status: "active" | "invited" | "disabled" | "all"): Promise<number> {
  return Number((await page.getByTestId(`count-${status}`).innerText()).replace(/[^0-9]/g, ""));
}

// The workspace admin the e2e run uses (the same defaults as e2e/invitations.spec.ts). On an empty
// instance the first sign-in goes through /setup and creates it.
/** Signs in as the E2E admin (created by the first-run setup project, see e2e/fixtures.ts). */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto("/sign-in");
  if (new URL(page.url()).pathname !== "/sign-in") return; // already signed in
  await signIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
}

/**
 * Waits until the page's content (its h1) is on screen. Admin pages stream behind a loading
 * skeleton, and streamed content sits hidden in the DOM for a moment before React reveals it;
 * assertions that count hidden elements (or screenshots) must not run before that.
 */
export async function ready(page: Page): Promise<void> {
  await expect(page.locator("main h1").first()).toBeVisible();
}
