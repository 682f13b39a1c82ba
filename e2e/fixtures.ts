/**
 * Roster e2e fixtures. In a spec: `import { test, expect, E2E, unique } from "./fixtures";`
 *
 * THE INSTANCE. Each project runs its own production server on an initially EMPTY database:
 *   "pglite"   http://localhost:3100  embedded DB in a temp DATA_DIR (the server holds it: no direct DB access)
 *   "postgres" http://localhost:3101  fresh PostgreSQL database (testInfo.project.metadata.databaseUrl)
 * The "<engine>:first-run" setup project (e2e/first-run.setup.ts) goes through /setup once and creates
 *   workspace  E2E.workspaceName = "E2E Workspace"  (slug E2E.workspaceSlug = "e2e-workspace")
 *   admin      E2E.adminEmail / E2E.adminPassword   (override with E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD)
 * Every *.spec.ts runs after it, in parallel, against that one workspace: give everything you create
 * a unique name (unique("label")) and never assume counts start at zero. A test that changes
 * workspace-wide state others depend on (turning SCIM off, changing the admin) must be tagged
 * `test("…", { tag: "@exclusive" }, …)`: it then runs in "<engine>:exclusive", after all other tests.
 *
 * TEST FIXTURES
 *   adminPage      Page in its own browser context, signed in as the E2E admin. (The session is
 *                  signed in once per worker and reused via storage state.)
 *   scimToken      A live bearer token for the E2E workspace, created once per worker through
 *                  Settings › API (labels "Token name", button "Generate token", test id "new-token-secret").
 *   scim           ScimClient on this project's server with scimToken (see scimClient below).
 *   newMember      newMember({ role?, givenName?, familyName?, password? }) → { id, email, password }:
 *                  provisions a person through SCIM *with a password* (status INVITED; their first
 *                  sign-in makes them ACTIVE). Role is Roster's default (VIEWER): a non-admin.
 *   memberPage     memberPage(member) → a Page in a fresh context, signed in as that member.
 *   engine         "pglite" | "postgres";  databaseUrl: string | undefined (postgres project only).
 *   saveScreenshot saveScreenshot(page, name) → test-results/screenshots/<project>/<name>.png (full page);
 *                  saveScreenshotFor(testInfo, page, name) does the same from specs on the plain test.
 *
 * HELPERS (plain functions)
 *   unique(prefix)                               short unique string for names and emails
 *   signIn(page, { email, password, workspace? }) fills /sign-in (workspace only when the field is shown)
 *   submitPasswordSignIn(page, { email, password })  the email-first form's password path, on the current page
 *   alertIn(page)                                the page's role="alert" messages, minus Next.js's route announcer
 *   scimClient(request, baseURL, token)           createUser / patchUser / setActive / deleteUser / get / post / raw
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { test as base, expect, type APIRequestContext, type APIResponse, type Browser, type BrowserContextOptions, type Page, type TestInfo } from "@playwright/test";

export { expect };

export const E2E = {
  workspaceName: "E2E Workspace",
  workspaceSlug: "e2e-workspace",
  adminEmail: process.env.E2E_ADMIN_EMAIL ?? "admin@e2e.test",
  adminPassword: process.env.E2E_ADMIN_PASSWORD ?? "e2e admin password",
  adminGivenName: "Ada",
  adminFamilyName: "Admin",
  /** What the app shows for the admin: "Given Family". */
  adminName: "Ada Admin",
} as const;

export const SCIM_CONTENT_TYPE = "application/scim+json";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export function unique(prefix = "e2e"): string {
  return `${prefix}-${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
}

/** role="alert" messages on the page, without Next.js's (also role="alert") route announcer. */
export function alertIn(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

/**
 * Fills the email-first sign-in form on the current page for a PASSWORD sign-in: the email, then
 * "Use a password instead" (so it stays a password sign-in even while the workspace has an SSO
 * connection — e2e/sso-saml.spec.ts adds one), the password, "Sign in". Does not wait.
 */
export async function submitPasswordSignIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  const usePassword = page.getByRole("button", { name: "Use a password instead" });
  if (await usePassword.isVisible()) await usePassword.click();
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in through the /sign-in form and waits until the browser has left it. */
export async function signIn(page: Page, who: { email: string; password: string; workspace?: string }): Promise<void> {
  await page.goto(who.workspace ? `/sign-in?workspace=${encodeURIComponent(who.workspace)}` : "/sign-in");
  const workspaceField = page.getByLabel("Workspace", { exact: true });
  if (await workspaceField.count()) await workspaceField.fill(who.workspace ?? E2E.workspaceSlug);
  await submitPasswordSignIn(page, who);
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

export interface ScimUserInput {
  userName: string;
  givenName?: string;
  familyName?: string;
  password?: string;
  active?: boolean;
  externalId?: string;
}

export interface ScimClient {
  /** Any request under /api/v2/scim; returns the raw response. */
  raw(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, body?: unknown): Promise<APIResponse>;
  get<T = Record<string, unknown>>(path: string): Promise<T>;
  post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
  /** POST /Users (expects 201); returns the new id. */
  createUser(user: ScimUserInput): Promise<string>;
  /** PATCH /Users/{id} with PatchOp operations (expects 200 or 204). */
  patchUser(id: string, operations: { op: "add" | "replace" | "remove"; path?: string; value?: unknown }[]): Promise<void>;
  /** What an IdP does to deactivate / reactivate someone. */
  setActive(id: string, active: boolean): Promise<void>;
  deleteUser(id: string): Promise<void>;
}

export function scimClient(request: APIRequestContext, baseURL: string, token: string): ScimClient {
  const url = (p: string) => `${baseURL.replace(/\/$/, "")}/api/v2/scim${p}`;
  const headers = { authorization: `Bearer ${token}`, accept: SCIM_CONTENT_TYPE, "content-type": SCIM_CONTENT_TYPE };
  const raw: ScimClient["raw"] = (method, p, body) => request.fetch(url(p), { method, headers, data: body === undefined ? undefined : JSON.stringify(body) });
  const client: ScimClient = {
    raw,
    async get<T>(p: string): Promise<T> {
      const r = await raw("GET", p);
      expect(r.status(), `GET ${p}: ${await r.text()}`).toBe(200);
      return (await r.json()) as T;
    },
    async post<T>(p: string, body: unknown): Promise<T> {
      const r = await raw("POST", p, body);
      expect([200, 201], `POST ${p}: ${await r.text()}`).toContain(r.status());
      return (await r.json()) as T;
    },
    async createUser(user) {
      const r = await raw("POST", "/Users", {
        schemas: [USER_SCHEMA],
        userName: user.userName,
        externalId: user.externalId,
        name: { givenName: user.givenName ?? "Test", familyName: user.familyName ?? "Person" },
        displayName: `${user.givenName ?? "Test"} ${user.familyName ?? "Person"}`,
        emails: [{ value: user.userName, type: "work", primary: true }],
        active: user.active ?? true,
        ...(user.password ? { password: user.password } : {}),
      });
      expect(r.status(), `POST /Users: ${await r.text()}`).toBe(201);
      return ((await r.json()) as { id: string }).id;
    },
    async patchUser(id, operations) {
      const r = await raw("PATCH", `/Users/${id}`, { schemas: [PATCH_SCHEMA], Operations: operations });
      expect([200, 204], `PATCH /Users/${id}: ${await r.text()}`).toContain(r.status());
    },
    setActive: (id, active) => client.patchUser(id, [{ op: "replace", path: "active", value: active }]),
    async deleteUser(id) {
      const r = await raw("DELETE", `/Users/${id}`);
      expect(r.status(), `DELETE /Users/${id}`).toBe(204);
    },
  };
  return client;
}

/** Creates a token through Settings › API as the admin in `page`; returns the one-time secret. */
export async function createTokenInUi(page: Page, name = unique("e2e-token")): Promise<string> {
  await page.goto("/settings/api");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Generate token" }).click();
  const secret = page.getByTestId("new-token-secret");
  await expect(secret).toBeVisible();
  const value = (await secret.inputValue().catch(() => secret.innerText())).trim();
  expect(value).toMatch(/^roster_/);
  return value;
}

export interface NewMember {
  id: string;
  email: string;
  password: string;
}

type StorageState = Exclude<BrowserContextOptions["storageState"], string | undefined>;

async function newContextPage(browser: Browser, baseURL: string, storageState?: StorageState): Promise<Page> {
  const context = await browser.newContext({ baseURL, storageState });
  return context.newPage();
}

type WorkerFixtures = {
  workerBaseURL: string;
  adminStorageState: StorageState;
  scimToken: string;
};

type TestFixtures = {
  adminPage: Page;
  scim: ScimClient;
  newMember: (options?: { givenName?: string; familyName?: string; password?: string }) => Promise<NewMember>;
  memberPage: (member: { email: string; password: string }) => Promise<Page>;
  engine: "pglite" | "postgres";
  databaseUrl: string | undefined;
  saveScreenshot: (page: Page, name: string) => Promise<void>;
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  workerBaseURL: [
    async ({}, use, workerInfo) => {
      const url = workerInfo.project.use.baseURL;
      if (!url) throw new Error("project has no baseURL");
      await use(url);
    },
    { scope: "worker" },
  ],

  adminStorageState: [
    async ({ browser, workerBaseURL }, use) => {
      const page = await newContextPage(browser, workerBaseURL);
      await signIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
      const state = await page.context().storageState();
      await page.context().close();
      await use(state);
    },
    { scope: "worker" },
  ],

  scimToken: [
    async ({ browser, workerBaseURL, adminStorageState }, use) => {
      const page = await newContextPage(browser, workerBaseURL, adminStorageState);
      const token = await createTokenInUi(page, unique("e2e-worker"));
      await page.context().close();
      await use(token);
    },
    { scope: "worker" },
  ],

  adminPage: async ({ browser, workerBaseURL, adminStorageState }, use) => {
    const page = await newContextPage(browser, workerBaseURL, adminStorageState);
    await use(page);
    await page.context().close();
  },

  scim: async ({ request, workerBaseURL, scimToken }, use) => {
    await use(scimClient(request, workerBaseURL, scimToken));
  },

  newMember: async ({ scim }, use) => {
    await use(async (options = {}) => {
      const email = `${unique("member")}@e2e.test`;
      const password = options.password ?? `pw ${randomBytes(6).toString("hex")}`;
      const id = await scim.createUser({ userName: email, givenName: options.givenName, familyName: options.familyName, password });
      return { id, email, password };
    });
  },

  memberPage: async ({ browser, workerBaseURL }, use) => {
    const pages: Page[] = [];
    await use(async (member) => {
      const page = await newContextPage(browser, workerBaseURL);
      pages.push(page);
      await signIn(page, member);
      return page;
    });
    for (const page of pages) await page.context().close();
  },

  engine: async ({}, use, testInfo) => {
    await use((testInfo.project.metadata as { engine: "pglite" | "postgres" }).engine);
  },

  databaseUrl: async ({}, use, testInfo) => {
    await use((testInfo.project.metadata as { databaseUrl?: string }).databaseUrl);
  },

  saveScreenshot: async ({}, use, testInfo) => {
    await use((page, name) => saveScreenshotFor(testInfo, page, name));
  },
});

/** test-results/screenshots/<project>/<name>.png (full page): one place to review every main page. */
export async function saveScreenshotFor(testInfo: TestInfo, page: Page, name: string): Promise<void> {
  const dir = path.join("test-results", "screenshots", testInfo.project.name.replace(/[^a-z0-9-]+/gi, "-"));
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
