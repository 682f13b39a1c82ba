"use client";

// Settings › SSO: the connection form, for both protocols. SAML values come from uploaded or pasted
// IdP metadata, or are typed in by hand; the OIDC client secret is write-only (the page only knows
// whether one is stored).
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { button, input, label } from "@/components/ui/styles";
import { CopyButton } from "@/components/ui/copy-button";

export interface SsoFormValues {
  protocol: "SAML" | "OIDC";
  displayName: string;
  enabled: boolean;
  jitProvisioning: boolean;
  domains: string;
  samlIdpEntityId: string;
  samlSsoUrl: string;
  samlCertificates: string;
  oidcIssuer: string;
  oidcClientId: string;
  hasClientSecret: boolean;
}

type Action = (state: ActionResult, formData: FormData) => Promise<ActionResult>;

function Field({ id, text, hint, children }: { id: string; text: string; hint?: React.ReactNode; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      <div className="mt-1">{children}</div>
      {hint ? <p className="mt-1 text-xs text-slate-600">{hint}</p> : null}
    </div>
  );
}

export function SsoConnectionForm({ values, action, redirectUri, exists }: { values: SsoFormValues; action: Action; redirectUri: string; exists: boolean }) {
  const [state, formAction, pending] = useActionState(action, null);
  const [protocol, setProtocol] = useState(values.protocol);
  const [metadata, setMetadata] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);

  async function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setMetadata(await file.text());
  }

  return (
    <form action={formAction} className="space-y-5" aria-label="SSO connection">
      <fieldset>
        <legend className={label}>Protocol</legend>
        <div className="mt-2 flex gap-6 text-sm">
          {(["SAML", "OIDC"] as const).map((p) => (
            <label key={p} className="flex items-center gap-2">
              <input type="radio" name="protocol" value={p} checked={protocol === p} onChange={() => setProtocol(p)} />
              {p === "SAML" ? "SAML 2.0" : "OpenID Connect"}
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="sso-display-name" text="Name shown to people" hint="“Sign in with …” — e.g. Okta, Microsoft.">
        <input id="sso-display-name" name="displayName" className={input} defaultValue={values.displayName} maxLength={100} required />
      </Field>

      {protocol === "SAML" ? (
        <div className="space-y-4 rounded-md border border-slate-200 p-4">
          <Field id="sso-metadata-file" text="IdP metadata XML (upload)" hint="Okta: Sign On tab › “Metadata URL” (open it and save the file). Entra ID: SAML-based Sign-on › “Federation Metadata XML”.">
            <input id="sso-metadata-file" type="file" accept=".xml,application/xml,text/xml,application/samlmetadata+xml" onChange={onFile} className="text-sm" />
          </Field>
          {fileName ? <p className="text-xs text-emerald-800" data-testid="metadata-file">Read {fileName}: saving fills the fields below from it.</p> : null}
          <Field id="sso-metadata" text="…or paste the IdP metadata XML">
            <textarea id="sso-metadata" name="idpMetadata" className={`${input} font-mono`} rows={3} value={metadata} onChange={(e) => setMetadata(e.target.value)} />
          </Field>
          <p className="text-xs font-medium text-slate-600">Or fill the values by hand:</p>
          <Field id="sso-entity-id" text="IdP entity ID (issuer)">
            <input id="sso-entity-id" name="samlIdpEntityId" className={input} defaultValue={values.samlIdpEntityId} />
          </Field>
          <Field id="sso-sso-url" text="IdP single sign-on URL">
            <input id="sso-sso-url" name="samlSsoUrl" type="url" className={input} defaultValue={values.samlSsoUrl} />
          </Field>
          <Field id="sso-certificates" text="IdP signing certificates" hint="PEM or base64; several, separated by a blank line, so a certificate rotation causes no outage.">
            <textarea id="sso-certificates" name="samlCertificates" className={`${input} font-mono text-xs`} rows={5} defaultValue={values.samlCertificates} />
          </Field>
        </div>
      ) : (
        <div className="space-y-4 rounded-md border border-slate-200 p-4">
          <Field id="sso-redirect-uri" text="Redirect URI (give this to the IdP)">
            <div className="flex flex-col gap-2 sm:flex-row">
              <input id="sso-redirect-uri" readOnly value={redirectUri} className={`${input} bg-slate-50 font-mono`} />
              <CopyButton value={redirectUri} label="Copy" />
            </div>
          </Field>
          <Field id="sso-issuer" text="Issuer URL" hint="Okta: https://<your-org>.okta.com · Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0">
            <input id="sso-issuer" name="oidcIssuer" type="url" className={input} defaultValue={values.oidcIssuer} />
          </Field>
          <Field id="sso-client-id" text="Client ID">
            <input id="sso-client-id" name="oidcClientId" className={input} defaultValue={values.oidcClientId} />
          </Field>
          <Field id="sso-client-secret" text="Client secret" hint={values.hasClientSecret ? "A secret is stored (never shown again). Leave empty to keep it." : "Stored encrypted; never shown again."}>
            <input id="sso-client-secret" name="oidcClientSecret" type="password" autoComplete="off" className={input} placeholder={values.hasClientSecret ? "••••••••  (stored)" : ""} />
          </Field>
        </div>
      )}

      <Field id="sso-domains" text="Email domains (optional)" hint="People with these email domains go to this IdP at sign-in even before they are members (e.g. with just-in-time provisioning). Comma-separated.">
        <input id="sso-domains" name="domains" className={input} defaultValue={values.domains} placeholder="example.com" />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="jitProvisioning" defaultChecked={values.jitProvisioning} className="mt-1" />
        <span>
          <strong>Just-in-time provisioning</strong> — someone the IdP signs in who is not a member yet is created as an Active Viewer. Off by default:
          SCIM is the source of truth.
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="enabled" defaultChecked={values.enabled} className="mt-1" />
        <span>
          <strong>Enabled</strong> — people can sign in with this connection. Leave it off to save a draft (for the values the IdP asks for) before you
          have the IdP&apos;s details.
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" className={button.primary} disabled={pending}>
          {pending ? "Saving…" : exists ? "Save connection" : "Create connection"}
        </button>
        {state ? (
          <span role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}

export function DeleteSsoConnectionForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm("Delete the SSO connection? Require SSO is switched off with it and everyone signs in with a password.")) event.preventDefault();
      }}
      className="flex items-center gap-3"
    >
      <button type="submit" className={button.dangerOutline} disabled={pending}>
        Delete connection
      </button>
      {state && !state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
