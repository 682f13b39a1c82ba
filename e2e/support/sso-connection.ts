// The E2E workspace has at most one SSO connection, and every spec but the two SSO ones expects
// none. Both SSO specs call this before their first test (a retry starts clean even when the run
// before it stopped half-way) and after their last (the others find the workspace as they expect).
import type { Browser } from "@playwright/test";
import { E2E, expect, signIn } from "../fixtures";

export async function removeSsoConnection(browser: Browser, baseURL: string): Promise<void> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signIn(page, { email: E2E.adminEmail, password: E2E.adminPassword });
    await page.goto("/settings/sso");
    // The page streams behind a loading state: wait until the form is shown before deciding — an
    // instant count() right after the load event can see neither button and delete nothing.
    const create = page.getByRole("button", { name: "Create connection" });
    const remove = page.getByRole("button", { name: "Delete connection" });
    await expect(create.or(remove)).toBeVisible();
    if (await remove.isVisible()) {
      page.once("dialog", (dialog) => dialog.accept());
      await remove.click();
    }
    await expect(create).toBeVisible();
  } finally {
    await context.close();
  }
}
