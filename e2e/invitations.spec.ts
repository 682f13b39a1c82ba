// Invitations end to end against the built app: SCIM provisions someone → the outbox worker
// emails them (through the e2e mail sink, e2e/smtp/server.mjs) → they open the link, choose a
// password and land in the app → the admin sees them Active in their group → SCIM disables them
// and their next page load goes to sign-in with an explanation. Also: reused, unknown and
// expired links show their pages.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { generateTokenInUi, signInAsAdmin } from "./admin-support";
import { E2E } from "./fixtures";
import { invitationLinkFor, messagesTo } from "./smtp/mailbox";

const PASSWORD = "a good long password";
const unique = () => randomUUID().slice(0, 8);

function scim(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
  return {
    async createUser(email: string, givenName: string, familyName: string): Promise<string> {
      const response = await request.post("/api/v2/scim/Users", {
        headers,
        data: {
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
          userName: email,
          name: { givenName, familyName },
          emails: [{ value: email, type: "work", primary: true }],
          active: true,
        },
      });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()).id;
    },
    async createGroup(displayName: string, memberIds: string[]): Promise<string> {
      const response = await request.post("/api/v2/scim/Groups", {
        headers,
        data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName, members: memberIds.map((value) => ({ value })) },
      });
      expect(response.status(), await response.text()).toBe(201);
      return (await response.json()).id;
    },
    async setActive(userId: string, active: boolean): Promise<void> {
      const response = await request.patch(`/api/v2/scim/Users/${userId}`, {
        headers,
        data: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: active }] },
      });
      expect(response.status(), await response.text()).toBe(200);
    },
  };
}

test.describe("invitations", () => {
  test("SCIM user in a group: email → link → password → in the app; admin sees them Active in the group; SCIM disable signs them out", async ({
    page: adminPage,
    browser,
    request,
    baseURL,
  }) => {
    test.slow(); // waits for the outbox worker's poll
    await signInAsAdmin(adminPage);
    const api = scim(request, await generateTokenInUi(adminPage, `E2E invitations ${unique()}`));
    const id = unique();
    const email = `grace.${id}@example.com`;
    const groupName = `Compilers ${id}`;
    const userId = await api.createUser(email, "Grace", `Hopper ${id}`);
    const groupId = await api.createGroup(groupName, [userId]);

    // Invited: not yet among the group's listed members.
    await adminPage.goto(`/members/groups/${groupId}`);
    await expect(adminPage.getByRole("heading", { name: groupName })).toBeVisible();
    await expect(adminPage.getByRole("row", { name: new RegExp(email) })).toHaveCount(0);

    // The email arrives with a link to this server.
    const link = await invitationLinkFor(email);
    expect(link.startsWith(`${baseURL}/invite/`)).toBe(true);
    const [mail] = await messagesTo(email);
    expect(mail.subject).toMatch(/^You're invited to join .+ on Roster$/);
    expect(mail.text).toContain("invited you to join the");
    expect(mail.html).toContain(`href="${link}"`);

    // The invited person (their own browser) accepts.
    const personContext = await browser.newContext();
    const person = await personContext.newPage();
    await person.goto(link);
    await expect(person.getByRole("heading", { name: /^Join / })).toBeVisible();
    await expect(person.getByText(email)).toBeVisible();
    await person.getByLabel("Choose a password").fill(PASSWORD);
    await person.getByLabel("Confirm the password").fill(`${PASSWORD} typo`);
    await person.getByRole("button", { name: "Set password and sign in" }).click();
    await expect(person.getByText("The two passwords do not match.")).toBeVisible();
    await person.getByLabel("Choose a password").fill(PASSWORD);
    await person.getByLabel("Confirm the password").fill(PASSWORD);
    await person.getByRole("button", { name: "Set password and sign in" }).click();
    // Signed in (the first sign-in activated them); a non-admin lands on My account.
    await person.waitForURL((url) => url.pathname === "/account");
    await expect(person.getByText(email).first()).toBeVisible();

    // The link is single use.
    const reuse = await personContext.newPage();
    await reuse.goto(link);
    await expect(reuse.getByRole("heading", { name: "This invitation has already been used" })).toBeVisible();
    await reuse.close();

    // The admin sees them Active, and listed in the group's members.
    await adminPage.goto(`/members?status=active&q=${encodeURIComponent(email)}`);
    const row = adminPage.getByRole("row", { name: new RegExp(email) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("Active");
    await adminPage.goto(`/members/groups/${groupId}`);
    await expect(adminPage.getByRole("region", { name: "Group members table" })).toContainText(email);

    // The IdP disables them: their next page load goes to sign-in, saying why.
    await api.setActive(userId, false);
    await person.reload();
    await person.waitForURL((url) => url.pathname === "/sign-in");
    expect(new URL(person.url()).searchParams.get("reason")).toBe("disabled");
    await expect(person.getByText("Your account has been disabled by an administrator.")).toBeVisible();
    // And the invitation link now says so too.
    await person.goto(link);
    await expect(person.getByRole("heading", { name: "Your account has been disabled" })).toBeVisible();
    await personContext.close();
  });

  test("an unknown link shows what to do", async ({ page }) => {
    await page.goto(`/invite/${"x".repeat(43)}`);
    await expect(page.getByRole("heading", { name: "This invitation link is not valid" })).toBeVisible();
    await expect(page.getByText(/ask your administrator to resend the invitation/i)).toBeVisible();
    await expect(page.getByLabel("Choose a password")).toHaveCount(0);
  });

  test("an expired link shows its page and cannot be used", async ({ page, request }, testInfo) => {
    // Expiry is days away; the only way to get there in a test is to move the invitation's
    // expiry into the past in the database, which needs a database the test can reach.
    const databaseUrl = (testInfo.project.metadata as { databaseUrl?: string } | undefined)?.databaseUrl ?? process.env.E2E_DATABASE_URL;
    test.skip(!databaseUrl, "needs the PostgreSQL project (project.metadata.databaseUrl) to move an expiry into the past");
    test.slow();
    await signInAsAdmin(page);
    const api = scim(request, await generateTokenInUi(page, `E2E invitations ${unique()}`));
    const email = `late.${unique()}@example.com`;
    const userId = await api.createUser(email, "Late", "Comer");
    const link = await invitationLinkFor(email);

    const pg = (await import("pg")).default;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const result = await client.query(`UPDATE "Invitation" SET "expiresAt" = now() - interval '1 minute' WHERE "memberId" = $1::uuid`, [userId]);
      expect(result.rowCount).toBe(1);
    } finally {
      await client.end();
    }

    const person = await (await page.context().browser()!.newContext()).newPage();
    await person.goto(link);
    await expect(person.getByRole("heading", { name: "This invitation has expired" })).toBeVisible();
    await expect(person.getByText("Ask your administrator to resend the invitation.")).toBeVisible();
    await expect(person.getByLabel("Choose a password")).toHaveCount(0);
  });

  test("Settings › Email: an admin invites by given and family name; SCIM lists the name parts, the setup admin's first", async ({ page, request }) => {
    await signInAsAdmin(page);
    const token = await generateTokenInUi(page, `E2E invite form ${unique()}`);
    const email = `katherine.${unique()}@example.com`;
    await page.goto("/settings/email");
    await page.getByLabel("Given name").fill("Katherine");
    await page.getByLabel("Family name").fill("Johnson");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Role").selectOption("EDITOR");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Invitation to ${email} queued` })).toBeVisible();

    const headers = { authorization: `Bearer ${token}` };
    const found = await request.get(`/api/v2/scim/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`, { headers });
    expect(found.status()).toBe(200);
    expect((await found.json()).Resources[0]).toMatchObject({
      displayName: "Katherine Johnson",
      name: { givenName: "Katherine", familyName: "Johnson", formatted: "Katherine Johnson" },
    });
    // Okta's SCIM test starts here: the first user (the admin from first-run setup) has name parts.
    const first = await request.get("/api/v2/scim/Users?count=1&startIndex=1", { headers });
    expect((await first.json()).Resources[0]).toMatchObject({
      userName: E2E.adminEmail,
      name: { givenName: E2E.adminGivenName, familyName: E2E.adminFamilyName },
      emails: [{ value: E2E.adminEmail }],
    });
  });

  test("an admin resend: the new link works, the old one says it was replaced", async ({ page, request, browser }) => {
    test.slow();
    await signInAsAdmin(page);
    const api = scim(request, await generateTokenInUi(page, `E2E invitations ${unique()}`));
    const email = `resend.${unique()}@example.com`;
    await api.createUser(email, "Re", "Send");
    const oldLink = await invitationLinkFor(email, 1);

    await page.goto("/settings/email");
    const row = page.locator(`tr[data-outbox-to="${email}"]`).first();
    await expect(row).toContainText("Sent");
    await row.getByRole("button", { name: "Resend" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Resend invitation" }).click();
    const newLink = await invitationLinkFor(email, 2);
    expect(newLink).not.toBe(oldLink);

    const person = await (await browser.newContext()).newPage();
    await person.goto(oldLink);
    await expect(person.getByRole("heading", { name: "This invitation link was replaced" })).toBeVisible();
    await person.goto(newLink);
    await expect(person.getByLabel("Choose a password")).toBeVisible();
  });
});
