// Every assertion-security rule of the SAML service provider, each with REAL responses signed by
// the local identity provider's signer (dev-idp/saml-idp.ts) — nothing about verification is mocked.
// Each refusal is checked three ways: the person's page names the reason, an `sso.refused` event
// with that reason is on record, and nobody was signed in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildResponseXml, encodeResponse, generateSigningKey, newSamlId, readAuthnRequest, type ResponseOptions, type SigningKey } from "@/dev-idp/saml-idp";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { workspaceWithConnection } from "../testing";
import { consumeSamlResponse } from "./acs";
import { spUrls } from "./service-provider";
import { startSamlSignIn } from "./start";
import { hashBrowserBinding, newBrowserBinding } from "../browser-binding";
import { redeemSignInCodeOrRefuse } from "../sign-in-code";

const ORIGIN = "http://roster.test";
const IDP_ENTITY = "http://idp.test/saml";

describe(`SAML assertion consumer service (${testEngine})`, () => {
  let db: Database;
  let idpKey: SigningKey;
  let otherKey: SigningKey;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;
  let b: Awaited<ReturnType<typeof workspaceWithConnection>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    [idpKey, otherKey] = await Promise.all([generateSigningKey("idp.test"), generateSigningKey("other-idp.test")]);
    // Two workspaces trusting the SAME IdP: only ACS URL and audience tell their responses apart.
    a = await workspaceWithConnection(db.prisma, { certificates: [idpKey.certificate] });
    b = await workspaceWithConnection(db.prisma, { certificates: [idpKey.certificate] });
  }, 60_000);
  afterAll(async () => db?.close());

  const member = (workspaceId = a.workspace.id, status: "ACTIVE" | "INVITED" = "INVITED") =>
    addMember(db.prisma, { workspaceId, email: `person-${uniqueSuffix()}@sso.test`, status, password: null });

  function responseFor(connection: SsoConnection, email: string, options: Partial<ResponseOptions> = {}): string {
    const urls = spUrls(ORIGIN, connection.id);
    return encodeResponse(buildResponseXml({ entityId: IDP_ENTITY, key: idpKey }, { acsUrl: urls.acsUrl, audience: urls.entityId, user: { email, givenName: "Pat", familyName: "Doe", groups: ["Engineering"] }, ...options }));
  }

  const post = (connection: SsoConnection, samlResponse: string, clockSkewSeconds = 60) => consumeSamlResponse(db, { connection, samlResponse, origin: ORIGIN, clockSkewSeconds, requestId: `req-${uniqueSuffix()}` });

  async function expectSignedIn(redirectTo: string, memberId: string) {
    expect(redirectTo).toMatch(/^\/sign-in\/sso#code=/);
    const row = await db.prisma.member.findUniqueOrThrow({ where: { id: memberId } });
    expect(row.status).toBe("ACTIVE");
    expect(row.lastSignInAt).not.toBeNull();
  }

  async function expectRefused(redirectTo: string, reason: string, workspaceId: string, memberId?: string) {
    expect(redirectTo).toMatch(new RegExp(`^/sign-in/refused\\?reason=${reason}&ref=req-`));
    const ref = new URLSearchParams(redirectTo.split("?")[1]).get("ref");
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId, action: "sso.refused", requestId: ref } });
    expect(event.outcome).toBe("FAILURE");
    expect((event.details as { reason: string }).reason).toBe(reason);
    expect((event.details as { detail: string }).detail.length).toBeGreaterThan(0);
    if (memberId) {
      expect((await db.prisma.member.findUniqueOrThrow({ where: { id: memberId } })).lastSignInAt).toBeNull();
      expect(await db.prisma.ssoSignInCode.count({ where: { memberId } })).toBe(0);
    }
  }

  describe("accepts", () => {
    it("an IdP-initiated (unsolicited) response signed on response and assertion, activating the INVITED member", async () => {
      const m = await member();
      await expectSignedIn((await post(a.connection, responseFor(a.connection, m.userName))).redirectTo, m.id);
    });

    it("a response signed on the assertion only (Okta's default), and one signed on the response only", async () => {
      const m1 = await member();
      await expectSignedIn((await post(a.connection, responseFor(a.connection, m1.userName, { signResponse: false }))).redirectTo, m1.id);
      const m2 = await member();
      await expectSignedIn((await post(a.connection, responseFor(a.connection, m2.userName, { signAssertion: false }))).redirectTo, m2.id);
    });

    it("either of several configured certificates (a rotation causes no outage)", async () => {
      const rotating = await workspaceWithConnection(db.prisma, { certificates: [idpKey.certificate, otherKey.certificate] });
      const m1 = await member(rotating.workspace.id);
      await expectSignedIn((await post(rotating.connection, responseFor(rotating.connection, m1.userName))).redirectTo, m1.id);
      const m2 = await member(rotating.workspace.id);
      await expectSignedIn((await post(rotating.connection, responseFor(rotating.connection, m2.userName, { key: otherKey }))).redirectTo, m2.id);
    });

    it("an SP-initiated response answering a request this connection sent (pending request in the database)", async () => {
      const m = await member();
      const url = new URL(await startSamlSignIn(db.prisma, a.connection, { origin: ORIGIN, purpose: "sign-in", callbackPath: "/account", clockSkewSeconds: 60 }));
      expect(url.origin + url.pathname).toBe(a.connection.samlSsoUrl);
      const request = readAuthnRequest(url.searchParams.get("SAMLRequest")!);
      expect(request).toMatchObject({ acsUrl: spUrls(ORIGIN, a.connection.id).acsUrl, issuer: spUrls(ORIGIN, a.connection.id).entityId });
      const { redirectTo } = await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: request.id }));
      await expectSignedIn(redirectTo, m.id);
      expect(redirectTo).toContain("to=%2Faccount");
    });

    it("login CSRF: an SP-initiated sign-in's code opens a session only in the browser that started it", async () => {
      const m = await member();
      const browser = newBrowserBinding();
      const start = async () =>
        readAuthnRequest(new URL(await startSamlSignIn(db.prisma, a.connection, { origin: ORIGIN, purpose: "sign-in", clockSkewSeconds: 60, bindingHash: hashBrowserBinding(browser) })).searchParams.get("SAMLRequest")!).id;
      const codeOf = (redirectTo: string) => new URLSearchParams(redirectTo.split("#")[1]).get("code")!;
      // The ACS (a cross-site POST, no Lax cookie) sets no cookie of its own for an SP-initiated answer.
      const answered = await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: await start() }));
      expect(answered.browserBinding).toBeUndefined();
      expect(await redeemSignInCodeOrRefuse(db.prisma, codeOf(answered.redirectTo), browser, "req-same-browser")).toMatchObject({ ok: true, member: { id: m.id } });
      // Redeemed in another browser — without the cookie, or with that browser's own — refused, audited.
      for (const [i, other] of [null, newBrowserBinding()].entries()) {
        const { redirectTo } = await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: await start() }));
        const refused = await redeemSignInCodeOrRefuse(db.prisma, codeOf(redirectTo), other, `req-other-browser-${i}-${uniqueSuffix()}`);
        expect(refused).toEqual({ ok: false, redirectTo: expect.stringMatching(/^\/sign-in\/refused\?reason=browser-mismatch&ref=req-other-browser-/) });
        await expectRefused(refused.ok ? "" : refused.redirectTo!, "browser-mismatch", a.workspace.id);
      }
    });

    it("IdP-initiated (no InResponseTo): the code is bound to the browser that posted the response", async () => {
      const m = await member();
      const { redirectTo, browserBinding } = await post(a.connection, responseFor(a.connection, m.userName));
      expect(browserBinding).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const code = new URLSearchParams(redirectTo.split("#")[1]).get("code")!;
      const stored = await db.prisma.ssoSignInCode.findFirstOrThrow({ where: { memberId: m.id } });
      expect(stored.bindingHash).toBe(hashBrowserBinding(browserBinding!));
      expect(await redeemSignInCodeOrRefuse(db.prisma, code, browserBinding!, null)).toMatchObject({ ok: true, member: { id: m.id } });
    });

    it("timestamps just outside the window but within the configured clock skew", async () => {
      const now = Date.now();
      const m = await member();
      const late = responseFor(a.connection, m.userName, { notBefore: new Date(now + 20_000), notOnOrAfter: new Date(now - 20_000 + 300_000) });
      await expectSignedIn((await post(a.connection, late, 60)).redirectTo, m.id);
    });
  });

  describe("refuses", () => {
    it("an unsigned response (neither response nor assertion signed)", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { signAssertion: false, signResponse: false }))).redirectTo, "signature", a.workspace.id, m.id);
    });

    it("a response signed with a certificate from another IdP (even carrying its own certificate in KeyInfo)", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { key: otherKey }))).redirectTo, "signature", a.workspace.id, m.id);
    });

    it("a signed response altered after signing", async () => {
      const m = await member();
      const victim = await member();
      const altered = responseFor(a.connection, m.userName, { tamper: (xml) => xml.split(m.userName).join(victim.userName) });
      await expectRefused((await post(a.connection, altered)).redirectTo, "signature", a.workspace.id, victim.id);
    });

    it("XML signature wrapping: a forged assertion wrapping the genuine signed one", async () => {
      const attacker = await member();
      const victim = await member();
      const wrapped = responseFor(a.connection, attacker.userName, {
        signResponse: false,
        tamper: (xml) => {
          const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
          const forged = signed
            .replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "")
            .split(attacker.userName)
            .join(victim.userName)
            .replace(/ID="[^"]+"/, `ID="${newSamlId()}"`)
            .replace("</saml:Subject>", `</saml:Subject><saml:Advice>${signed}</saml:Advice>`);
          return xml.replace(signed, forged);
        },
      });
      const { redirectTo } = await post(a.connection, wrapped);
      expect(redirectTo).toMatch(/^\/sign-in\/refused\?reason=(signature|invalid-response)&/);
      await expectRefused(redirectTo, new URLSearchParams(redirectTo.split("?")[1]).get("reason")!, a.workspace.id, victim.id);
    });

    it("XML signature wrapping: a second, unsigned assertion beside the signed one", async () => {
      const attacker = await member();
      const victim = await member();
      const doubled = responseFor(a.connection, attacker.userName, {
        signResponse: false,
        tamper: (xml) => {
          const signed = xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
          const forged = signed.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "").split(attacker.userName).join(victim.userName).replace(/ID="[^"]+"/, `ID="${newSamlId()}"`);
          return xml.replace(signed, forged + signed);
        },
      });
      await expectRefused((await post(a.connection, doubled)).redirectTo, "signature", a.workspace.id, victim.id);
    });

    it("a comment injected into the NameID (the signature still verifies after C14N drops it)", async () => {
      const victim = await member();
      const attackerEmail = `${victim.userName}.evil.test`;
      const injected = responseFor(a.connection, attackerEmail, { tamper: (xml) => xml.replace(`>${attackerEmail}</saml:NameID>`, `>${victim.userName}<!---->.evil.test</saml:NameID>`) });
      expect(Buffer.from(injected, "base64").toString()).toContain("<!---->");
      await expectRefused((await post(a.connection, injected)).redirectTo, "invalid-response", a.workspace.id, victim.id);
    });

    it("the wrong audience", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { audience: "https://other-sp.test" }))).redirectTo, "audience", a.workspace.id, m.id);
    });

    it("the wrong recipient, and the wrong destination", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { recipient: "https://other-sp.test/acs" }))).redirectTo, "recipient", a.workspace.id, m.id);
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { destination: "https://other-sp.test/acs" }))).redirectTo, "recipient", a.workspace.id, m.id);
    });

    it("a response for another workspace's ACS (same IdP, same certificate) posted to this one", async () => {
      const m = await member(a.workspace.id);
      const forB = responseFor(b.connection, m.userName);
      await expectRefused((await post(a.connection, forB)).redirectTo, "recipient", a.workspace.id, m.id);
      // Even with the destination left out, the signed recipient and audience still name B.
      const forBNoDestination = responseFor(b.connection, m.userName, { destination: null });
      await expectRefused((await post(a.connection, forBNoDestination)).redirectTo, "audience", a.workspace.id, m.id);
    });

    it("an expired assertion, and one valid only within a larger skew than configured", async () => {
      const now = Date.now();
      const m = await member();
      const expired = responseFor(a.connection, m.userName, { now: new Date(now - 600_000), notOnOrAfter: new Date(now - 120_000) });
      await expectRefused((await post(a.connection, expired)).redirectTo, "expired", a.workspace.id, m.id);
      const slightlyLate = responseFor(a.connection, m.userName, { notOnOrAfter: new Date(now - 20_000) });
      await expectRefused((await post(a.connection, slightlyLate, 10)).redirectTo, "expired", a.workspace.id, m.id);
    });

    it("an assertion not valid yet (NotBefore beyond the skew)", async () => {
      const m = await member();
      const early = responseFor(a.connection, m.userName, { notBefore: new Date(Date.now() + 300_000), notOnOrAfter: new Date(Date.now() + 600_000) });
      await expectRefused((await post(a.connection, early)).redirectTo, "not-yet-valid", a.workspace.id, m.id);
    });

    it("an InResponseTo that is unknown, already answered, or another connection's request", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: newSamlId() }))).redirectTo, "in-response-to", a.workspace.id, m.id);
      const forB = readAuthnRequest(new URL(await startSamlSignIn(db.prisma, b.connection, { origin: ORIGIN, purpose: "sign-in", clockSkewSeconds: 60 })).searchParams.get("SAMLRequest")!);
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: forB.id }))).redirectTo, "in-response-to", a.workspace.id, m.id);
      const forA = readAuthnRequest(new URL(await startSamlSignIn(db.prisma, a.connection, { origin: ORIGIN, purpose: "sign-in", clockSkewSeconds: 60 })).searchParams.get("SAMLRequest")!);
      await expectSignedIn((await post(a.connection, responseFor(a.connection, m.userName, { inResponseTo: forA.id }))).redirectTo, m.id);
      const other = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, other.userName, { inResponseTo: forA.id }))).redirectTo, "in-response-to", a.workspace.id, other.id);
    });

    it("a replayed assertion (the same response posted twice)", async () => {
      const m = await member();
      const once = responseFor(a.connection, m.userName);
      await expectSignedIn((await post(a.connection, once)).redirectTo, m.id);
      const { redirectTo } = await post(a.connection, once);
      expect(redirectTo).toMatch(/reason=replay/);
      await expectRefused(redirectTo, "replay", a.workspace.id);
    });

    it("an assertion from another issuer, signed with the trusted key", async () => {
      const m = await member();
      await expectRefused((await post(a.connection, responseFor(a.connection, m.userName, { issuer: "http://impostor.test/saml" }))).redirectTo, "issuer", a.workspace.id, m.id);
    });

    it("a switched-off connection, and something that is not a SAML response", async () => {
      const off = await workspaceWithConnection(db.prisma, { certificates: [idpKey.certificate], enabled: false });
      const m = await member(off.workspace.id);
      await expectRefused((await post(off.connection, responseFor(off.connection, m.userName))).redirectTo, "connection-disabled", off.workspace.id, m.id);
      await expectRefused((await post(a.connection, Buffer.from("<html>hello</html>").toString("base64"))).redirectTo, "invalid-response", a.workspace.id);
    });
  });
});
