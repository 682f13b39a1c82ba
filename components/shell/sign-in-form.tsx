"use client";

// Sign-in starts with the email. An email whose workspace signs in through an identity provider
// goes there (a navigation to /api/sso/start, which redirects to the IdP); any other gets the
// password field. "Use a password instead" is there for break-glass admins when SSO is required.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { signInNotice } from "@/lib/auth/messages";
import { chooseSignInRoute } from "@/app/(auth)/sign-in/actions";
import { FormField, Notice, primaryButton } from "./form-field";

export type WorkspaceInput = { mode: "hidden"; slug: string } | { mode: "field"; initial: string };

function ssoStartUrl(email: string, callbackPath: string, workspace: string): string {
  const params = new URLSearchParams({ email, callbackUrl: callbackPath });
  if (workspace) params.set("workspace", workspace);
  return `/api/sso/start?${params}`;
}

export function SignInForm({
  workspace,
  initialNotice,
  callbackPath,
  initialEmail = "",
  initialStep = "email",
}: {
  workspace: WorkspaceInput;
  initialNotice: { tone: "error" | "info"; text: string } | null;
  callbackPath: string;
  initialEmail?: string;
  initialStep?: "email" | "password";
}) {
  const [notice, setNotice] = useState(initialNotice);
  const [pending, setPending] = useState(false);
  const [step, setStep] = useState(initialStep);

  async function onContinue(formElement: HTMLFormElement) {
    const email = String(new FormData(formElement).get("email") ?? "").trim();
    if (!email) return;
    setPending(true);
    setNotice(null);
    try {
      const { route } = await chooseSignInRoute(email);
      if (route === "sso") {
        window.location.assign(ssoStartUrl(email, callbackPath, workspace.mode === "hidden" ? "" : String(new FormData(formElement).get("workspace") ?? "")));
        return;
      }
      setStep("password");
      setTimeout(() => (formElement.elements.namedItem("password") as HTMLInputElement | null)?.focus(), 0);
    } catch {
      setNotice({ tone: "error", text: "Could not reach Roster. Check your connection and try again." });
    }
    setPending(false);
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    if (step === "email") return onContinue(formElement);
    const form = new FormData(formElement);
    setPending(true);
    setNotice(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        workspace: String(form.get("workspace") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
      });
      if (result?.ok && !result.error) {
        window.location.assign(callbackPath);
        return;
      }
      // signInNotice knows the disabled, SSO-required and too-many-attempts codes; anything else reads as invalid.
      setNotice(signInNotice({ error: result?.error || "CredentialsSignin" }));
      const password = formElement.elements.namedItem("password");
      if (password instanceof HTMLInputElement) password.value = "";
    } catch {
      setNotice({ tone: "error", text: "Could not reach Roster. Check your connection and try again." });
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={notice ? "sign-in-notice" : undefined}>
      {notice ? (
        <Notice id="sign-in-notice" tone={notice.tone}>
          {notice.text}
        </Notice>
      ) : null}
      {workspace.mode === "hidden" ? (
        <input type="hidden" name="workspace" value={workspace.slug} />
      ) : (
        <FormField
          id="workspace"
          name="workspace"
          label="Workspace"
          hint="The workspace's short name, as in the link you were given (for example acme)."
          defaultValue={workspace.initial}
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      )}
      <FormField id="email" name="email" type="email" label="Email" autoComplete="username" defaultValue={initialEmail} required />
      {step === "password" ? (
        <>
          <FormField id="password" name="password" type="password" label="Password" autoComplete="current-password" required />
          <button type="submit" className={primaryButton} disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </>
      ) : (
        <>
          <button type="submit" className={primaryButton} disabled={pending}>
            {pending ? "Checking…" : "Continue"}
          </button>
          <p className="text-center text-sm">
            <button type="button" className="font-medium text-indigo-700 hover:underline" onClick={() => setStep("password")}>
              Use a password instead
            </button>
          </p>
        </>
      )}
    </form>
  );
}
