// The admin UI around SCIM, end to end against the built app: an admin generates a token in
// Settings › API → Okta-style pushes (GET filter → POST /Users; POST /Groups; PATCH add) with it →
// the default Members view does not list the provisioned (Invited) people, the Invited filter does,
// with matching counts → the Groups tab shows 0 active / N pending → revoking the token makes SCIM
// answer 401 → Activity lists all of it. Screenshots of each main page land in the test's output dir.
import { expect, test } from "@playwright/test";
import { saveScreenshotFor } from "./fixtures";
import { generateTokenInUi, oktaLikeClient, ready, signInAsAdmin, statusCount, uniqueTag } from "./admin-support";

test.describe("admin UI × SCIM", () => {
  test("token → SCIM push → Members/Groups show them as invited/pending → revoke → 401 → Activity", async ({ page, request, baseURL }, testInfo) => {
    test.setTimeout(120_000);
    const tag = uniqueTag("okta");
    await signInAsAdmin(page);

    // 1. Settings › API: generate a token and read the one-time secret off the page.
    const tokenName = `Okta ${tag}`;
    const secret = await generateTokenInUi(page, tokenName, 30);
    await saveScreenshotFor(testInfo, page, "settings-api");
    // After a reload the secret is gone for good; the table shows only its prefix.
    await page.reload();
    await ready(page);
    await expect(page.getByTestId("new-token-secret")).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
    await expect(page.locator(`tr[data-token-name="${tokenName}"]`)).toContainText(secret.slice(0, 8));

    // 2. Push users and a group the way Okta does.
    const scim = oktaLikeClient(request, baseURL!, secret);
    const people = [
      { userName: `${tag}.ada@okta.test`, givenName: "Ada", familyName: `Lovelace${tag}` },
      { userName: `${tag}.alan@okta.test`, givenName: "Alan", familyName: `Turing${tag}` },
      { userName: `${tag}.grace@okta.test`, givenName: "Grace", familyName: `Hopper${tag}` },
    ];
    const ids: string[] = [];
    for (const person of people) ids.push(await scim.pushUser(person));
    const groupName = `Engineering ${tag}`;
    const groupId = await scim.pushGroup(groupName, ids.slice(0, 2));
    await scim.addToGroup(groupId, [ids[2]]);

    // 3. Members: the default (Active) view does not list them; the Invited filter does.
    await page.goto(`/members?q=${encodeURIComponent(tag)}`);
    await ready(page);
    await expect(page.getByRole("link", { name: "Active", exact: false }).first()).toHaveAttribute("aria-current", "page");
    await expect(page.getByText(/No active members match/)).toBeVisible();
    await expect(page.getByRole("table", { name: /members/i })).toHaveCount(0);
    expect(await statusCount(page, "active")).toBe(0);
    expect(await statusCount(page, "invited")).toBe(3);
    expect(await statusCount(page, "all")).toBe(3);
    await page.getByRole("navigation", { name: "Filter members by status" }).getByRole("link", { name: /Invited/ }).click();
    await expect(page).toHaveURL(/status=invited/);
    const rows = page.locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    await expect(rows).toHaveCount(3);
    for (const person of people) await expect(page.getByRole("link", { name: `${person.givenName} ${person.familyName}` })).toBeVisible();
    await expect(rows.first()).toContainText("Invited");
    await expect(rows.first()).toContainText("SCIM");
    await saveScreenshotFor(testInfo, page, "members-invited");
    // Survives a reload (the filter lives in the URL).
    await page.reload();
    await ready(page);
    await expect(rows).toHaveCount(3);
    await expect(page.getByRole("navigation", { name: "Filter members by status" }).getByRole("link", { name: /Invited/ })).toHaveAttribute("aria-current", "page");

    // Member detail: SCIM attributes and the pending group.
    await page.getByRole("link", { name: `Ada ${people[0].familyName}` }).click();
    await page.waitForURL(/\/members\/[0-9a-f-]{36}$/);
    await ready(page);
    await expect(page.getByRole("heading", { level: 1, name: `Ada ${people[0].familyName}` })).toBeVisible();
    await expect(page.getByRole("region", { name: /Groups/ }).getByText("Pending")).toBeVisible();
    await expect(page.getByText("scim.user.created").first()).toBeVisible();
    await saveScreenshotFor(testInfo, page, "member-detail");

    // 4. Groups: one row for the group, 0 active and 3 pending; the detail lists nobody yet.
    await page.goto(`/members/groups?q=${encodeURIComponent(groupName)}`);
    await ready(page);
    const groupRow = page.locator(`tr[data-group-id="${groupId}"]`);
    await expect(groupRow).toHaveCount(1);
    await expect(groupRow.getByTestId("active-count")).toHaveText("0");
    await expect(groupRow.getByTestId("pending-count")).toHaveText("3");
    await saveScreenshotFor(testInfo, page, "groups");
    await groupRow.getByRole("link", { name: groupName }).click();
    await page.waitForURL(/\/members\/groups\/[0-9a-f-]{36}$/);
    await ready(page);
    await expect(page.getByTestId("pending-note")).toContainText("3 invited members will appear once they sign in");
    await expect(page.getByText("No active members")).toBeVisible();
    await saveScreenshotFor(testInfo, page, "group-detail");

    // 5. Revoke the token: SCIM refuses it at once.
    expect(await scim.status("/Users?count=1")).toBe(200);
    await page.goto("/settings/api");
    await ready(page);
    const tokenRow = page.locator(`tr[data-token-name="${tokenName}"]`);
    await tokenRow.getByRole("button", { name: "Revoke" }).click();
    const dialog = page.getByRole("dialog", { name: `Revoke “${tokenName}”?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revoke token" }).click();
    await expect(dialog).toBeHidden();
    await expect(tokenRow).toContainText("Revoked");
    expect(await scim.status("/Users?count=1")).toBe(401);

    // 6. Activity lists what happened: the pushes (by the token), the failure, the token's life.
    await page.goto(`/activity?actor=token&target=${encodeURIComponent(tag)}`);
    await ready(page);
    await expect(page.getByText("scim.user.created")).toHaveCount(3);
    await page.goto(`/activity?target=${encodeURIComponent(groupName)}`);
    await ready(page);
    await expect(page.getByText(/scim\.group\.(created|members_changed|updated)/).first()).toBeVisible();
    await page.goto(`/activity?target=${encodeURIComponent(tokenName)}`);
    await ready(page);
    await expect(page.getByText("token.created")).toBeVisible();
    await expect(page.getByText("token.revoked")).toBeVisible();
    // Each row opens to its details JSON.
    const revoked = page.locator("details", { hasText: "token.revoked" });
    await revoked.locator("summary").click();
    await expect(revoked.locator("pre")).toBeVisible();
    await page.goto("/activity");
    await ready(page);
    await expect(page.locator("details").first()).toBeVisible();
    await saveScreenshotFor(testInfo, page, "activity");
  });

  // @exclusive: switching SCIM off is workspace-wide, so it runs after every other test on the engine.
  test("Settings › SCIM: base URL, setup guides as tabs, and the switch (SCIM answers 403 while off)", { tag: "@exclusive" }, async ({ page, request, baseURL }, testInfo) => {
    await signInAsAdmin(page);
    const secret = await generateTokenInUi(page, `SCIM switch ${uniqueTag()}`);
    const scim = oktaLikeClient(request, baseURL!, secret);
    await page.goto("/settings/scim");
    await ready(page);
    await expect(page.getByLabel("SCIM base URL")).toHaveValue(/\/api\/v2\/scim\/$/);
    const tabs = page.getByRole("tablist", { name: "Identity provider" });
    await expect(tabs.getByRole("tab", { name: "Okta" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel").getByText("Unique identifier field for users")).toBeVisible();
    await tabs.getByRole("tab", { name: "Okta" }).focus();
    await page.keyboard.press("ArrowRight");
    await expect(tabs.getByRole("tab", { name: "Microsoft Entra ID" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tabpanel").getByText("Tenant URL")).toBeVisible();
    await saveScreenshotFor(testInfo, page, "settings-scim");

    const toggle = page.getByRole("switch", { name: "Enable SCIM provisioning" });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    try {
      await toggle.click();
      await expect(page.getByTestId("scim-state")).toHaveText("SCIM provisioning is off.");
      await page.reload();
      await ready(page);
      await expect(toggle).toHaveAttribute("aria-checked", "false");
      expect(await scim.status("/Users?count=1")).toBe(403);
    } finally {
      // Always leave SCIM on for the other specs.
      await page.goto("/settings/scim");
      await ready(page);
      if ((await toggle.getAttribute("aria-checked")) === "false") await toggle.click();
      await expect(page.getByTestId("scim-state")).toHaveText("SCIM provisioning is on.");
    }
    await page.reload();
    await ready(page);
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    expect(await scim.status("/Users?count=1")).toBe(200);
    await page.goto("/activity?actor=admin&action=scim.disabled");
    await ready(page);
    await expect(page.getByText("scim.disabled").first()).toBeVisible();

    // Accounts created in Roster are protected from provisioning unless the admin says otherwise.
    await page.goto("/settings/scim");
    await ready(page);
    const manual = page.getByRole("switch", { name: "Let provisioning change sign-in details of members created in Roster" });
    await expect(manual).toHaveAttribute("aria-checked", "false");
    await expect(page.getByTestId("scim-manual-state")).toHaveText("Their password and sign-in email are Roster's alone.");
    await manual.click();
    await expect(page.getByTestId("scim-manual-state")).toHaveText("Provisioning may change their password and sign-in email.");
    await page.reload();
    await ready(page);
    await expect(manual).toHaveAttribute("aria-checked", "true");
    await manual.click();
    await expect(page.getByTestId("scim-manual-state")).toHaveText("Their password and sign-in email are Roster's alone.");
    await page.reload();
    await ready(page);
    await expect(manual).toHaveAttribute("aria-checked", "false");
  });
});
