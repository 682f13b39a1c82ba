// First-run setup asks for the admin's given and family name, and the first user an IdP lists
// carries them: Okta's SCIM test suite starts with GET /Users?count=1&startIndex=1 and expects
// id, userName, name.givenName, name.familyName and emails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import { formData } from "@/lib/members/testing";
import { scimClient } from "@/lib/scim-http/test-support";
import { createApiToken } from "@/lib/tokens";
import { setUpWorkspace } from "./actions";

const setup = (fields: Record<string, string>) =>
  setUpWorkspace(null, formData({ workspaceName: "Acme", email: "ada@acme.test", password: "correct horse battery", ...fields }));

describe(`first-run setup (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  it("refuses a setup without both name parts, creating nothing", async () => {
    expect(await setup({ givenName: "Ada" })).toEqual({ ok: false, error: "Enter a family name." });
    expect(await setup({ givenName: "  ", familyName: "Lovelace" })).toEqual({ ok: false, error: "Enter a given name." });
    expect(await setup({ givenName: "Ada", familyName: "L".repeat(101) })).toEqual({ ok: false, error: "Use at most 100 characters for a family name." });
    expect(await db.prisma.workspace.count()).toBe(0);
  });

  it("stores the first admin's name parts, and SCIM lists that admin first with them", async () => {
    const result = await setup({ givenName: " Ada ", familyName: "King Lovelace " });
    expect(result).toEqual({ ok: true, workspaceSlug: "acme" });
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: "acme" } });
    const admin = await db.prisma.member.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(admin).toMatchObject({ givenName: "Ada", familyName: "King Lovelace", formattedName: "Ada King Lovelace", displayName: "Ada King Lovelace", role: "ADMIN" });

    const token = await createApiToken(db.prisma, { workspaceId: workspace.id, name: "okta", actor: { kind: "SYSTEM", label: "test" } });
    const res = await scimClient(token.secret).get("/Users?count=1&startIndex=1");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(res.body.Resources[0]).toMatchObject({
      id: admin.id,
      userName: "ada@acme.test",
      displayName: "Ada King Lovelace",
      name: { givenName: "Ada", familyName: "King Lovelace", formatted: "Ada King Lovelace" },
      emails: [{ value: "ada@acme.test", type: "work", primary: true }],
      active: true,
    });
  });
});
