// The local IdP end to end over HTTP, against the real service provider: metadata → connection,
// SP-initiated login form → auto-posted signed response → ACS → signed in; and the IdP-initiated tile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { consumeSamlResponse } from "@/lib/sso/saml/acs";
import { parseIdpMetadata } from "@/lib/sso/saml/idp-metadata";
import { spUrls } from "@/lib/sso/saml/service-provider";
import { startSamlSignIn } from "@/lib/sso/saml/start";
import { workspaceWithConnection } from "@/lib/sso/testing";
import { startDevIdp, type DevIdp } from "./server";

const ORIGIN = "http://roster.test";
const formValue = (html: string, name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, "&");

describe(`dev IdP over HTTP (${testEngine})`, () => {
  let db: Database;
  let idp: DevIdp;
  let ws: Awaited<ReturnType<typeof workspaceWithConnection>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    idp = await startDevIdp({ port: 7110 + (testEngine === "postgres" ? 1 : 0) });
    const metadata = parseIdpMetadata(await (await fetch(idp.samlMetadataUrl)).text());
    ws = await workspaceWithConnection(db.prisma, { certificates: metadata.certificates });
    await db.prisma.ssoConnection.update({ where: { id: ws.connection.id }, data: { samlIdpEntityId: metadata.entityId, samlSsoUrl: metadata.ssoUrl } });
    ws.connection = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: ws.connection.id } });
  }, 60_000);
  afterAll(async () => {
    await idp?.close();
    await db?.close();
  });

  it("SP-initiated: login form, signed response auto-posted to the ACS, member activated", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.workspace.id, email: `idp-${uniqueSuffix()}@example.com`, status: "INVITED", password: null });
    const start = new URL(await startSamlSignIn(db.prisma, ws.connection, { origin: ORIGIN, purpose: "sign-in", clockSkewSeconds: 60 }));
    expect(start.href.startsWith(idp.samlSsoUrl)).toBe(true);
    const login = await fetch(start);
    expect(await login.text()).toContain('name="email"');
    const posted = await fetch(idp.samlSsoUrl, { method: "POST", body: new URLSearchParams({ SAMLRequest: start.searchParams.get("SAMLRequest")!, RelayState: "", email: m.userName }) });
    const html = await posted.text();
    expect(html).toContain(`action="${spUrls(ORIGIN, ws.connection.id).acsUrl}"`);
    const { redirectTo } = await consumeSamlResponse(db, { connection: ws.connection, samlResponse: formValue(html, "SAMLResponse")!, origin: ORIGIN, clockSkewSeconds: 60 });
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=/);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("ACTIVE");
  });

  it("IdP-initiated tile: an unsolicited signed response for the given ACS and audience", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws.workspace.id, email: `tile-${uniqueSuffix()}@example.com`, status: "INVITED", password: null });
    const urls = spUrls(ORIGIN, ws.connection.id);
    const html = await (await fetch(`${idp.url}/saml/tile?${new URLSearchParams({ acs: urls.acsUrl, audience: urls.entityId, email: m.userName })}`)).text();
    const { redirectTo } = await consumeSamlResponse(db, { connection: ws.connection, samlResponse: formValue(html, "SAMLResponse")!, origin: ORIGIN, clockSkewSeconds: 60 });
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=/);
  });
});
