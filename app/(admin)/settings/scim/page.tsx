import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { SettingSwitch } from "@/components/settings/setting-switch";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { card, link } from "@/components/ui/styles";
import { Tabs } from "@/components/ui/tabs";
import { requireAdmin } from "@/lib/auth/session";
import { configuredPublicUrl, publicOrigin } from "@/lib/public-url";
import { getScimSettings } from "@/lib/workspaces/app";
import { scimBaseUrl } from "@/lib/workspaces/scim-settings";
import { setScimEnabledAction, setScimManagesManualMembersAction } from "./actions";

export const metadata: Metadata = { title: "SCIM" };

export default async function ScimSettingsPage() {
  const admin = await requireAdmin();
  const settings = await getScimSettings(admin.workspaceId);
  const baseUrl = scimBaseUrl(undefined, publicOrigin(await headers()));

  return (
    <>
      <PageHeader
        title="SCIM provisioning"
        description="Let Okta or Microsoft Entra ID create, update and deactivate members and push groups into Roster over SCIM 2.0."
      />

      <div className="space-y-6">
        <section aria-label="SCIM status" className={`${card} p-5`}>
          <SettingSwitch
            enabled={settings.scimEnabled}
            action={setScimEnabledAction}
            label="Enable SCIM provisioning"
            hint="When off, the SCIM API refuses every request (HTTP 403) and nothing your identity provider sends is applied. Members already provisioned stay as they are."
            onText="SCIM provisioning is on."
            offText="SCIM provisioning is off."
            testId="scim-state"
          />
          <div className="mt-5 border-t border-slate-200 pt-5">
            <SettingSwitch
              enabled={settings.scimManagesManualMembers}
              action={setScimManagesManualMembersAction}
              label="Let provisioning change sign-in details of members created in Roster"
              hint="Off (recommended): your identity provider can update and deactivate everyone, but cannot set the password or change the sign-in email of members created here by hand — such as this workspace's first admin — so a SCIM token cannot take over their accounts. Such requests are refused and recorded on Activity."
              onText="Provisioning may change their password and sign-in email."
              offText="Their password and sign-in email are Roster's alone."
              testId="scim-manual-state"
            />
          </div>
        </section>

        <section aria-labelledby="connection-title" className={`${card} p-5`}>
          <h2 id="connection-title" className="text-base font-semibold text-slate-900">
            Connection details
          </h2>
          <div className="mt-4">
            <label htmlFor="scim-base-url" className="block text-sm font-medium text-slate-800">
              SCIM base URL
            </label>
            <div className="mt-1 flex flex-col gap-2 sm:flex-row">
              <input id="scim-base-url" readOnly value={baseUrl} className="block w-full rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900" />
              <CopyButton value={baseUrl} label="Copy URL" />
            </div>
            <p className="mt-1 text-xs text-slate-600">
              {configuredPublicUrl() ? "From PUBLIC_URL." : "From the address you opened Roster with; set PUBLIC_URL if your identity provider reaches Roster at a different address."}{" "}
              Your identity provider&apos;s cloud must be able to reach it over HTTPS.
            </p>
          </div>
          <div className="mt-5">
            <p className="block text-sm font-medium text-slate-800">Bearer token</p>
            <p className="mt-1 text-sm text-slate-700">
              {settings.liveTokens > 0
                ? `This workspace has ${settings.liveTokens} active API ${settings.liveTokens === 1 ? "token" : "tokens"}. `
                : "This workspace has no active API token yet. "}
              <Link className={link} href="/settings/api">
                Generate a token for your identity provider in Settings › API
              </Link>{" "}
              — one per identity provider, so you can revoke it on its own.
            </p>
          </div>
        </section>

        <section aria-labelledby="setup-title" className={`${card} p-5`}>
          <h2 id="setup-title" className="text-base font-semibold text-slate-900">
            Set up your identity provider
          </h2>
          <div className="mt-3">
            <Tabs
              label="Identity provider"
              tabs={[
                { id: "okta", title: "Okta", content: <OktaSteps baseUrl={baseUrl} /> },
                { id: "entra", title: "Microsoft Entra ID", content: <EntraSteps baseUrl={baseUrl} /> },
              ]}
            />
          </div>
        </section>

        <section aria-labelledby="lifecycle-title" className={`${card} p-5`}>
          <h2 id="lifecycle-title" className="text-base font-semibold text-slate-900">
            What happens to provisioned people
          </h2>
          <ul className="mt-3 list-disc space-y-2 pl-5 text-sm text-slate-700">
            <li>
              A person your identity provider creates is <strong>Invited</strong>: they get an invitation email and appear under{" "}
              <Link className={link} href="/members?status=invited">
                Members › Invited
              </Link>
              , not in the default Active view.
            </li>
            <li>
              At their first sign-in they become <strong>Active</strong>. Until then their group memberships are <strong>pending</strong>: groups count
              them as pending and list only active members.
            </li>
            <li>
              <code className="font-mono text-[13px]">active: false</code> (unassigning or deactivating in the identity provider) makes them{" "}
              <strong>Disabled</strong>: they are signed out and cannot sign in. <code className="font-mono text-[13px]">active: true</code> restores
              them — to Active if they had signed in before, otherwise to Invited.
            </li>
            <li>
              Deactivating or reactivating a SCIM-provisioned member in Roster works, but the identity provider may change it back on its next sync.
            </li>
            <li>
              Every request is recorded in{" "}
              <Link className={link} href="/activity?actor=token">
                Activity
              </Link>{" "}
              (filter by API token, and by failures when something goes wrong).
            </li>
          </ul>
        </section>

        <section aria-labelledby="troubleshooting-title" className={`${card} p-5`}>
          <h2 id="troubleshooting-title" className="text-base font-semibold text-slate-900">
            Troubleshooting
          </h2>
          <dl className="mt-3 space-y-4 text-sm">
            <Trouble q="Okta says “User not found” when pushing a profile update">
              Okta still holds an old Roster ID for that person (for example, they were deleted here). In Okta, unassign the person from the app and
              assign them again: Okta then looks them up by email and creates or re-links them.
            </Trouble>
            <Trouble q="401 Unauthorized">
              The token is wrong, revoked or expired. Generate a new one in{" "}
              <Link className={link} href="/settings/api">
                Settings › API
              </Link>{" "}
              and paste it into the identity provider (Okta: Authorization header; Entra ID: Secret Token).
            </Trouble>
            <Trouble q="403 Forbidden">SCIM provisioning is switched off above. Turn it on.</Trouble>
            <Trouble q="409 Conflict (uniqueness)">
              A member with that userName (email) already exists in this workspace, e.g. someone added by hand. The identity provider should look
              them up first (Okta does, by email); otherwise change or remove the existing member, then retry.
            </Trouble>
            <Trouble q="Test Connection / Test Connector Configuration fails">
              Check the base URL ends with <code className="font-mono text-[13px]">/api/v2/scim/</code>, that Roster is reachable from the internet
              over HTTPS, and that the token is pasted without spaces.
            </Trouble>
          </dl>
        </section>
      </div>
    </>
  );
}

function Trouble({ q, children }: { q: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="font-semibold text-slate-900">{q}</dt>
      <dd className="mt-1 text-slate-700">{children}</dd>
    </div>
  );
}

function Code({ children }: { children: React.ReactNode }) {
  return <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[13px] break-all text-slate-900">{children}</code>;
}

function Steps({ children }: { children: React.ReactNode }) {
  return <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700 marker:font-semibold marker:text-slate-500">{children}</ol>;
}

function OktaSteps({ baseUrl }: { baseUrl: string }) {
  return (
    <Steps>
      <li>
        In the Okta Admin Console, open <strong>Applications › Applications</strong> and the <strong>SAML app you created for Roster</strong> (see{" "}
        <Link className={link} href="/settings/sso">
          Settings › SSO
        </Link>{" "}
        — provisioning goes in that same app, so the people it provisions sign in through it). On its <strong>General</strong> tab, under App
        Settings, set <strong>Provisioning</strong> to <strong>SCIM</strong> and save.
      </li>
      <li>
        Open the <strong>Provisioning</strong> tab › <strong>Integration</strong> › <strong>Edit</strong> and fill in:
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            SCIM connector base URL: <Code>{baseUrl}</Code>
          </li>
          <li>
            Unique identifier field for users: <Code>email</Code>
          </li>
          <li>
            Supported provisioning actions: <strong>Push New Users</strong>, <strong>Push Profile Updates</strong>, <strong>Push Groups</strong>
          </li>
          <li>
            Authentication Mode: <strong>HTTP Header</strong>, Authorization: <strong>Bearer</strong> + the token from Settings › API
          </li>
        </ul>
        <p className="mt-2">
          Click <strong>Test Connector Configuration</strong>, then <strong>Save</strong>.
        </p>
      </li>
      <li>
        Under <strong>Provisioning › To App › Edit</strong>, enable <strong>Create Users</strong>, <strong>Update User Attributes</strong> and{" "}
        <strong>Deactivate Users</strong>, and save.
      </li>
      <li>
        On the <strong>Assignments</strong> tab, assign people or groups: they are created here as Invited. To send groups, use the{" "}
        <strong>Push Groups</strong> tab.
      </li>
    </Steps>
  );
}

function EntraSteps({ baseUrl }: { baseUrl: string }) {
  return (
    <Steps>
      <li>
        In the Microsoft Entra admin center, open <strong>Enterprise applications › New application › Create your own application</strong> and
        choose <em>Integrate any other application you don&apos;t find in the gallery</em>.
      </li>
      <li>
        In the app, open <strong>Provisioning</strong> and set <strong>Provisioning Mode</strong> to <strong>Automatic</strong>.
      </li>
      <li>
        Under <strong>Admin Credentials</strong>:
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            Tenant URL: <Code>{baseUrl}</Code>
          </li>
          <li>Secret Token: the token from Settings › API</li>
        </ul>
        <p className="mt-2">
          Click <strong>Test Connection</strong>, then <strong>Save</strong>.
        </p>
      </li>
      <li>
        Under <strong>Mappings › Provision Microsoft Entra ID Users</strong>, check the attribute mappings:
        <ul className="mt-2 list-disc space-y-1 pl-5">
          <li>
            <Code>userPrincipalName</Code> → <Code>userName</Code> (Roster signs people in with this; use <Code>mail</Code> instead if your UPNs are
            not email addresses)
          </li>
          <li>
            <Code>mail</Code> → <Code>emails[type eq &quot;work&quot;].value</Code>
          </li>
          <li>
            <Code>givenName</Code> → <Code>name.givenName</Code>, <Code>surname</Code> → <Code>name.familyName</Code>, <Code>displayName</Code> →{" "}
            <Code>displayName</Code>
          </li>
          <li>
            <Code>Switch([IsSoftDeleted], …)</Code> → <Code>active</Code>, <Code>objectId</Code> → <Code>externalId</Code>
          </li>
          <li>
            Optional enterprise attributes: <Code>employeeId</Code> → <Code>employeeNumber</Code>, <Code>department</Code> → <Code>department</Code>,{" "}
            <Code>manager</Code> → <Code>manager</Code>
          </li>
        </ul>
        <p className="mt-2">
          Under <strong>Provision Microsoft Entra ID Groups</strong>, keep <Code>displayName</Code>, <Code>objectId</Code> → <Code>externalId</Code> and{" "}
          <Code>members</Code>.
        </p>
      </li>
      <li>
        Assign users and groups under <strong>Users and groups</strong>, set <strong>Provisioning Status</strong> to <strong>On</strong> and save. Entra
        ID syncs about every 40 minutes; use <strong>Provision on demand</strong> to try one person right away.
      </li>
    </Steps>
  );
}
