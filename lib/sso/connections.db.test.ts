import { afterAll, beforeAll, describe, expect, it } from "vitest";
import selfsigned from "selfsigned";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { NotAllowedError } from "@/lib/lifecycle";
import { createWorkspace } from "@/lib/workspaces";
import { deleteConnection, getConnection, saveConnection, ssoRouteForEmail, SsoConnectionError } from "./connections";
import { openSecret } from "./secret-box";

const cert = async () => (await selfsigned.generate([{ name: "commonName", value: "idp.test" }], { keySize: 2048 })).cert;

describe(`SSO connections (${testEngine})`, () => {
  let db: Database;
  let certificate: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    certificate = await cert();
  });
  afterAll(async () => db?.close());

  const newWorkspace = async () => {
    const suffix = uniqueSuffix();
    return createWorkspace(db.prisma, { name: `Conn ${suffix}`, adminEmail: `admin-${suffix}@conn.test`, adminPassword: "correct horse battery" });
  };

  it("saves a SAML connection (normalised certificates, lower-cased domains) and audits it", async () => {
    const { workspace, admin } = await newWorkspace();
    // A rotation: the current certificate (PEM) and the next one (bare base64, as in metadata).
    const bare = (await cert()).replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    const saved = await saveConnection(db.prisma, {
      workspaceId: workspace.id,
      actorId: admin.id,
      input: { protocol: "SAML", displayName: "Okta", domains: `Example-${workspace.slug}.COM, @sub.example-${workspace.slug}.com`, samlIdpEntityId: "http://www.okta.com/x", samlSsoUrl: "https://okta.test/sso", samlCertificates: `${certificate}\n\n${bare}` },
    });
    expect(saved.samlCertificates).toHaveLength(2);
    expect(saved.samlCertificates[1]).toContain("-----BEGIN CERTIFICATE-----");
    expect(saved.domains).toEqual([`example-${workspace.slug}.com`, `sub.example-${workspace.slug}.com`]);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "sso.connection_saved" } });
    expect(event).toMatchObject({ actorId: admin.id, outcome: "SUCCESS" });
    expect(event.details).toMatchObject({ created: true, protocol: "SAML", certificates: 2 });
  });

  it("refuses a non-admin, a broken certificate and missing SAML fields", async () => {
    const { workspace, admin } = await newWorkspace();
    const viewer = await addMember(db.prisma, { workspaceId: workspace.id, email: `viewer-${uniqueSuffix()}@conn.test` });
    const input = { protocol: "SAML" as const, displayName: "Okta", samlIdpEntityId: "x", samlSsoUrl: "https://okta.test/sso", samlCertificates: certificate };
    await expect(saveConnection(db.prisma, { workspaceId: workspace.id, actorId: viewer.id, input })).rejects.toBeInstanceOf(NotAllowedError);
    await expect(saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { ...input, samlCertificates: "not a certificate" } })).rejects.toThrow(/base64|X\.509/);
    await expect(saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { ...input, samlSsoUrl: "" } })).rejects.toThrow(/single sign-on URL/);
    expect(await getConnection(db.prisma, workspace.id)).toBeNull();
  });

  it("stores the OIDC client secret sealed, never returns it, and keeps it when left empty", async () => {
    const { workspace, admin } = await newWorkspace();
    const input = { protocol: "OIDC" as const, displayName: "Entra", oidcIssuer: "https://login.test/v2.0", oidcClientId: "client-1" };
    await expect(saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input })).rejects.toThrow(/client secret/);
    const saved = await saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { ...input, oidcClientSecret: "s3cret-value" } });
    expect(saved).toMatchObject({ hasClientSecret: true });
    expect(JSON.stringify(saved)).not.toContain("s3cret-value");
    const row = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: saved.id } });
    expect(row.oidcClientSecretEncrypted).not.toContain("s3cret-value");
    expect(openSecret(row.oidcClientSecretEncrypted!, row.id)).toBe("s3cret-value");
    await saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { ...input, displayName: "Entra ID" } });
    const again = await db.prisma.ssoConnection.findUniqueOrThrow({ where: { id: saved.id } });
    expect(again.oidcClientSecretEncrypted).toBe(row.oidcClientSecretEncrypted);
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id, action: "sso.connection_saved" } });
    expect(JSON.stringify(events)).not.toContain("s3cret-value");
  });

  it("refuses a domain another workspace claimed", async () => {
    const first = await newWorkspace();
    const second = await newWorkspace();
    const domain = `claimed-${first.workspace.slug}.test`;
    const input = { protocol: "SAML" as const, displayName: "Okta", domains: domain, samlIdpEntityId: "x", samlSsoUrl: "https://okta.test/sso", samlCertificates: certificate };
    await saveConnection(db.prisma, { workspaceId: first.workspace.id, actorId: first.admin.id, input });
    await expect(saveConnection(db.prisma, { workspaceId: second.workspace.id, actorId: second.admin.id, input })).rejects.toBeInstanceOf(SsoConnectionError);
  });

  it("routes an email to the IdP of its workspace or listed domain, never for strangers or a disabled connection", async () => {
    const { workspace, admin } = await newWorkspace();
    const member = await addMember(db.prisma, { workspaceId: workspace.id, email: `Member-${uniqueSuffix()}@elsewhere.test` });
    const gone = await addMember(db.prisma, { workspaceId: workspace.id, email: `gone-${uniqueSuffix()}@elsewhere.test`, status: "DISABLED" });
    expect(await ssoRouteForEmail(db.prisma, member.userName)).toBeNull();
    const domain = `route-${workspace.slug}.test`;
    const saved = await saveConnection(db.prisma, {
      workspaceId: workspace.id,
      actorId: admin.id,
      input: { protocol: "SAML", displayName: "Okta", domains: domain, samlIdpEntityId: "x", samlSsoUrl: "https://okta.test/sso", samlCertificates: certificate },
    });
    expect(await ssoRouteForEmail(db.prisma, member.userName.toUpperCase())).toEqual({ connectionId: saved.id, displayName: "Okta" });
    expect(await ssoRouteForEmail(db.prisma, `newcomer@${domain}`)).toEqual({ connectionId: saved.id, displayName: "Okta" });
    expect(await ssoRouteForEmail(db.prisma, gone.userName)).toBeNull();
    expect(await ssoRouteForEmail(db.prisma, "stranger@nowhere.test")).toBeNull();
    expect(await ssoRouteForEmail(db.prisma, "not-an-email")).toBeNull();
    await db.prisma.ssoConnection.update({ where: { id: saved.id }, data: { enabled: false } });
    expect(await ssoRouteForEmail(db.prisma, member.userName)).toBeNull();
  });

  it("an email whose workspaces have several IdPs: routed by the domain claim when exactly one claims it, else ambiguous (no silent pick)", async () => {
    const [one, two] = [await newWorkspace(), await newWorkspace()];
    const email = `both-${uniqueSuffix()}@shared-${one.workspace.slug}.test`;
    const connect = async (w: typeof one, domains = "") =>
      saveConnection(db.prisma, {
        workspaceId: w.workspace.id,
        actorId: w.admin.id,
        input: { protocol: "SAML", displayName: `IdP ${w.workspace.slug}`, domains, samlIdpEntityId: "x", samlSsoUrl: "https://okta.test/sso", samlCertificates: certificate },
      });
    await addMember(db.prisma, { workspaceId: one.workspace.id, email });
    await addMember(db.prisma, { workspaceId: two.workspace.id, email });
    await connect(one);
    const second = await connect(two);
    expect(await ssoRouteForEmail(db.prisma, email)).toEqual({ ambiguous: true });
    // The second workspace claims the email's domain: that one, whatever the order of creation.
    await connect(two, email.split("@")[1]);
    expect(await ssoRouteForEmail(db.prisma, email)).toEqual({ connectionId: second.id, displayName: `IdP ${two.workspace.slug}` });
  });

  it("deletes the connection, turns Require SSO off with it, and audits", async () => {
    const { workspace, admin } = await newWorkspace();
    await saveConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id, input: { protocol: "SAML", displayName: "Okta", samlIdpEntityId: "x", samlSsoUrl: "https://okta.test/sso", samlCertificates: certificate } });
    await db.prisma.workspace.update({ where: { id: workspace.id }, data: { requireSso: true } });
    expect(await deleteConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id })).toBe(true);
    expect(await getConnection(db.prisma, workspace.id)).toBeNull();
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).requireSso).toBe(false);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "sso.connection_deleted" } });
    expect(event.details).toMatchObject({ requireSsoTurnedOff: true });
    expect(await deleteConnection(db.prisma, { workspaceId: workspace.id, actorId: admin.id })).toBe(false);
  });
});
