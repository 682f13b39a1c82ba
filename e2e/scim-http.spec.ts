// The SCIM endpoint as identity providers reach it through the production server (not just the
// route handler): base URL with a trailing slash, as Okta and Entra are often configured.
import { expect, test, unique } from "./fixtures";

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

test.describe("SCIM over HTTP", () => {
  test("a trailing slash is served, not redirected (a 308 would break the IdP's POST)", async ({ request, baseURL, scimToken }) => {
    const headers = { authorization: `Bearer ${scimToken}`, "content-type": "application/scim+json", accept: "application/scim+json" };
    const userName = `${unique("slash")}@idp.test`;
    const created = await request.post(`${baseURL}/api/v2/scim/Users/`, {
      headers,
      data: JSON.stringify({ schemas: [USER_SCHEMA], userName, name: { givenName: "Trailing", familyName: "Slash" }, active: true }),
      maxRedirects: 0,
    });
    expect(created.status()).toBe(201);
    const id = (await created.json()).id as string;
    expect(created.headers()["location"]).toMatch(new RegExp(`/api/v2/scim/Users/${id}$`));

    const found = await request.get(`${baseURL}/api/v2/scim/Users/?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, { headers, maxRedirects: 0 });
    expect(found.status()).toBe(200);
    expect((await found.json()).Resources.map((r: { id: string }) => r.id)).toEqual([id]);

    const config = await request.get(`${baseURL}/api/v2/scim/ServiceProviderConfig/`, { headers, maxRedirects: 0 });
    expect(config.status()).toBe(200);
    expect((await config.json()).patch).toEqual({ supported: true });
  });
});
