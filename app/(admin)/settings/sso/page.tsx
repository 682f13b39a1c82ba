import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { SettingSwitch } from "@/components/settings/setting-switch";
import { DeleteSsoConnectionForm, SsoConnectionForm, type SsoFormValues } from "@/components/settings/sso-connection-form";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { button, card, link } from "@/components/ui/styles";
import { Tabs } from "@/components/ui/tabs";
import { requireAdmin } from "@/lib/auth/session";
import { publicOrigin } from "@/lib/public-url";
import { describeCertificate } from "@/lib/sso/certificates";
import { getSsoConnection, getSsoSettings } from "@/lib/sso/app";
import { NAMEID_FORMAT_EMAIL, SAML_ATTRIBUTES, spUrls } from "@/lib/sso/saml/service-provider";
import { deleteSsoConnectionAction, saveSsoConnectionAction, setBreakGlassAction, setRequireSsoAction } from "./actions";

export const metadata: Metadata = { title: "SSO" };

type TestResult =
  | { ok: true; email: string; givenName: string | null; familyName: string | null; groups: string[]; member: { status: string } | null; at: string }
  | { ok: false; reason: string; message: string; detail: string; at: string };

export default async function SsoSettingsPage() {
  const admin = await requireAdmin();
  const origin = publicOrigin(await headers());
  const [connection, settings] = await Promise.all([getSsoConnection(admin.workspaceId), getSsoSettings(admin.workspaceId)]);
  const urls = connection ? spUrls(origin, connection.id) : null;
  const redirectUri = `${origin}/api/sso/oidc/callback`;
  const values: SsoFormValues = {
    protocol: connection?.protocol ?? "SAML",
    displayName: connection?.displayName ?? "",
    enabled: connection?.enabled ?? false,
    jitProvisioning: connection?.jitProvisioning ?? false,
    domains: connection?.domains.join(", ") ?? "",
    samlIdpEntityId: connection?.samlIdpEntityId ?? "",
    samlSsoUrl: connection?.samlSsoUrl ?? "",
    samlCertificates: connection?.samlCertificates.join("\n\n") ?? "",
    oidcIssuer: connection?.oidcIssuer ?? "",
    oidcClientId: connection?.oidcClientId ?? "",
    hasClientSecret: connection?.hasClientSecret ?? false,
  };
  const test = (connection?.lastTestResult ?? null) as TestResult | null;
  const samlValues = urls
    ? [
        { id: "acs-url", name: "ACS URL (Single sign-on URL, Reply URL)", value: urls.acsUrl },
        { id: "sp-entity-id", name: "SP Entity ID (Audience URI, Identifier)", value: urls.entityId },
        { id: "sp-metadata-url", name: "SP metadata URL", value: urls.metadataUrl },
        { id: "nameid-format", name: "Name ID format", value: NAMEID_FORMAT_EMAIL },
      ]
    : [];

  return (
    <>
      <PageHeader title="Single sign-on" description="Let people sign in through your identity provider (Okta, Microsoft Entra ID) over SAML 2.0 or OpenID Connect." />
      <div className="space-y-6">
        {connection?.protocol !== "OIDC" ? (
          <section aria-labelledby="sp-values-title" className={`${card} p-5`}>
            <h2 id="sp-values-title" className="text-base font-semibold text-slate-900">
              Values for your identity provider (SAML)
            </h2>
            {urls ? (
              <div className="mt-4 space-y-4">
                {samlValues.map((v) => (
                  <div key={v.id}>
                    <label htmlFor={v.id} className="block text-sm font-medium text-slate-800">
                      {v.name}
                    </label>
                    <div className="mt-1 flex flex-col gap-2 sm:flex-row">
                      <input id={v.id} readOnly value={v.value} className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900" />
                      <CopyButton value={v.value} label="Copy" />
                    </div>
                  </div>
                ))}
                <div className="text-sm text-slate-700">
                  <p className="font-medium text-slate-800">Attributes Roster reads</p>
                  <ul className="mt-1 list-disc pl-5">
                    <li>
                      The NameID (email) — or <code className="font-mono text-[13px]">email</code> — matched to the member&apos;s sign-in email (SCIM userName)
                    </li>
                    <li>
                      <code className="font-mono text-[13px]">{SAML_ATTRIBUTES.givenName[0]}</code>, <code className="font-mono text-[13px]">{SAML_ATTRIBUTES.familyName[0]}</code>{" "}
                      (Entra&apos;s claim URIs work too), optionally <code className="font-mono text-[13px]">groups</code>
                    </li>
                  </ul>
                </div>
              </div>
            ) : (
              <p className="mt-3 text-sm text-slate-700">
                Create the connection below (it can stay switched off until you have the IdP&apos;s details): Roster then shows the ACS URL, SP Entity ID and
                metadata URL to paste into your identity provider.
              </p>
            )}
          </section>
        ) : null}

        <section aria-labelledby="connection-title" className={`${card} p-5`}>
          <h2 id="connection-title" className="text-base font-semibold text-slate-900">
            Connection
          </h2>
          <div className="mt-4">
            <SsoConnectionForm values={values} action={saveSsoConnectionAction} redirectUri={redirectUri} exists={Boolean(connection)} />
          </div>
          {connection && connection.samlCertificates.length > 0 ? (
            <ul className="mt-4 space-y-1 text-xs text-slate-600" aria-label="Trusted certificates">
              {connection.samlCertificates.map((pem) => {
                const cert = describeCertificate(pem);
                return (
                  <li key={cert.fingerprint256}>
                    {cert.subject} · valid until {cert.validTo} · SHA-256 {cert.fingerprint256.slice(0, 23)}…
                  </li>
                );
              })}
            </ul>
          ) : null}
          {connection ? (
            <div className="mt-5 border-t border-slate-200 pt-5">
              <DeleteSsoConnectionForm action={deleteSsoConnectionAction} />
            </div>
          ) : null}
        </section>

        {connection ? (
          <section aria-labelledby="test-title" id="test-result" className={`${card} p-5`}>
            <h2 id="test-title" className="text-base font-semibold text-slate-900">
              Test connection
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              A real sign-in round trip through your identity provider, signed in as you there. It shows what came back and signs nobody in.
            </p>
            {/* A link: the IdP is another origin, and the pages' CSP lets forms post only to Roster. */}
            <a href="/api/sso/test" className={`${button.secondary} mt-3`}>
              Test connection
            </a>
            {test ? (
              <div data-testid="test-result" className={`mt-4 rounded-md border px-3 py-2 text-sm ${test.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-900"}`}>
                {test.ok ? (
                  <>
                    <p className="font-semibold">The connection works.</p>
                    <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3">
                      <dt>Email</dt>
                      <dd>{test.email}</dd>
                      <dt>Name</dt>
                      <dd>{[test.givenName, test.familyName].filter(Boolean).join(" ") || "—"}</dd>
                      <dt>Groups</dt>
                      <dd>{test.groups.length ? test.groups.join(", ") : "—"}</dd>
                      <dt>Member here</dt>
                      <dd>{test.member ? `yes (${test.member.status.toLowerCase()})` : "no"}</dd>
                    </dl>
                  </>
                ) : (
                  <>
                    <p className="font-semibold">The test failed: {test.reason}</p>
                    <p className="mt-1">{test.message}</p>
                    <p className="mt-1 font-mono text-xs break-all">{test.detail}</p>
                  </>
                )}
                <p className="mt-1 text-xs opacity-80">Tested {new Date(test.at).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</p>
              </div>
            ) : null}
          </section>
        ) : null}

        {connection ? (
          <section aria-labelledby="require-title" className={`${card} p-5`}>
            <h2 id="require-title" className="sr-only">
              Require SSO
            </h2>
            <SettingSwitch
              enabled={settings.requireSso}
              action={setRequireSsoAction}
              label="Require SSO"
              hint="Password sign-in is refused for everyone except break-glass admins. You can switch it on only after you signed in through SSO or ran a successful Test connection yourself, and with at least one break-glass admin."
              onText="SSO is required: passwords work only for break-glass admins."
              offText="People may also sign in with a password."
              testId="require-sso-state"
            />
            <div className="mt-5 border-t border-slate-200 pt-5">
              <p className="text-sm font-semibold text-slate-900">Break-glass admins</p>
              <p className="mt-1 text-sm text-slate-600">They keep password sign-in when SSO is required, in case the identity provider fails.</p>
              <ul className="mt-3 space-y-4">
                {settings.admins.map((a) => (
                  <li key={a.id}>
                    <SettingSwitch
                      enabled={a.breakGlass}
                      action={setBreakGlassAction.bind(null, a.id)}
                      label={a.displayName ? `${a.displayName} (${a.userName})` : a.userName}
                      hint=""
                      onText="Break-glass admin."
                      offText="Signs in like everyone else."
                      testId={`break-glass-${a.userName}`}
                    />
                  </li>
                ))}
              </ul>
            </div>
          </section>
        ) : null}

        <section aria-labelledby="guides-title" className={`${card} p-5`}>
          <h2 id="guides-title" className="text-base font-semibold text-slate-900">
            Set up your identity provider
          </h2>
          <div className="mt-3">
            <Tabs
              label="Guide"
              tabs={[
                { id: "okta-saml", title: "Okta (SAML)", content: <OktaSaml urls={urls} /> },
                { id: "entra-saml", title: "Entra ID (SAML)", content: <EntraSaml urls={urls} /> },
                { id: "entra-oidc", title: "Entra ID (OIDC)", content: <EntraOidc redirectUri={redirectUri} /> },
              ]}
            />
          </div>
        </section>
      </div>
    </>
  );
}

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[13px] break-all text-slate-900">{children}</code>;
}

function Steps({ children }: { children: React.ReactNode }) {
  return <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700 marker:font-semibold marker:text-slate-500">{children}</ol>;
}

const valueOr = (value: string | undefined, what: string) => (value ? <Code>{value}</Code> : <em>the {what} shown above once the connection exists</em>);

function OktaSaml({ urls }: { urls: ReturnType<typeof spUrls> | null }) {
  return (
    <Steps>
      <li>
        Here: create the connection (name “Okta”, protocol SAML 2.0, leave <strong>Enabled</strong> off) to get Roster&apos;s values.
      </li>
      <li>
        In the Okta Admin Console: <strong>Applications › Create App Integration › SAML 2.0</strong>, name it Roster.
      </li>
      <li>
        <strong>Configure SAML</strong>: Single sign-on URL {valueOr(urls?.acsUrl, "ACS URL")} (keep “Use this for Recipient URL and Destination URL”
        checked); Audience URI (SP Entity ID) {valueOr(urls?.entityId, "SP Entity ID")}; Name ID format <Code>EmailAddress</Code>; Application username{" "}
        <Code>Email</Code>. Attribute statements: <Code>email</Code> = <Code>user.email</Code>, <Code>givenName</Code> = <Code>user.firstName</Code>,{" "}
        <Code>familyName</Code> = <Code>user.lastName</Code>; optionally a group attribute statement <Code>groups</Code>. Finish.
      </li>
      <li>
        On the app&apos;s <strong>Sign On</strong> tab, open the <strong>Metadata URL</strong>, save the XML file and upload it above (or copy the Sign on
        URL, Issuer and Signing Certificate into the manual fields). Switch <strong>Enabled</strong> on, save, and run <strong>Test connection</strong>.
      </li>
      <li>
        Assign people on the <strong>Assignments</strong> tab. Then, in the <strong>same app</strong>, turn on provisioning: General › App Settings ›
        Provisioning: SCIM, then the <strong>Provisioning</strong> tab — follow{" "}
        <Link className={link} href="/settings/scim">
          Settings › SCIM
        </Link>
        . Provisioned people are Invited and become Active the first time they sign in through Okta (or from the Okta dashboard tile).
      </li>
    </Steps>
  );
}

function EntraSaml({ urls }: { urls: ReturnType<typeof spUrls> | null }) {
  return (
    <Steps>
      <li>Here: create the connection (name “Microsoft”, protocol SAML 2.0, Enabled off) to get Roster&apos;s values.</li>
      <li>
        Entra admin center: <strong>Enterprise applications › New application › Create your own application</strong> (non-gallery), then{" "}
        <strong>Single sign-on › SAML</strong>.
      </li>
      <li>
        <strong>Basic SAML Configuration</strong>: Identifier (Entity ID) {valueOr(urls?.entityId, "SP Entity ID")}; Reply URL (Assertion Consumer Service
        URL) {valueOr(urls?.acsUrl, "ACS URL")}. (Or upload Roster&apos;s SP metadata from {valueOr(urls?.metadataUrl, "SP metadata URL")}.)
      </li>
      <li>
        <strong>Attributes &amp; Claims</strong>: Unique User Identifier (Name ID) = <Code>user.mail</Code> (or <Code>user.userprincipalname</Code> if it
        is the email), format Email address. The default givenname/surname/emailaddress claims are read as they are.
      </li>
      <li>
        <strong>SAML Certificates</strong>: download <strong>Federation Metadata XML</strong> and upload it above. Switch Enabled on, save, and run Test
        connection. Assign users under <strong>Users and groups</strong>; for provisioning use the same app&apos;s Provisioning page (
        <Link className={link} href="/settings/scim">
          Settings › SCIM
        </Link>
        ).
      </li>
    </Steps>
  );
}

function EntraOidc({ redirectUri }: { redirectUri: string }) {
  return (
    <Steps>
      <li>
        Entra admin center: <strong>App registrations › New registration</strong>; Redirect URI platform <strong>Web</strong>: <Code>{redirectUri}</Code>.
      </li>
      <li>
        <strong>Certificates &amp; secrets › New client secret</strong>: copy the value into Client secret above (Roster stores it encrypted and never
        shows it again).
      </li>
      <li>
        Issuer URL: <Code>https://login.microsoftonline.com/&lt;Directory (tenant) ID&gt;/v2.0</Code>; Client ID: the <strong>Application (client) ID</strong>
        . Under <strong>Token configuration</strong> add the optional claims <Code>email</Code>, <Code>given_name</Code>, <Code>family_name</Code>.
      </li>
      <li>Choose protocol OpenID Connect above, save with Enabled on, and run Test connection.</li>
    </Steps>
  );
}
