"use client";

// Sign-in starts with the email. An email whose workspace signs in through an identity provider
// goes there (a navigation to /api/sso/start, which redirects to the IdP); any other gets the
// password field. "Use a password instead" is there for break-glass admins when SSO is required.
// Without a workspace (an instance with several), the email and password find it; when the
// password proves several memberships, the form offers exactly those workspaces to pick from.
import { signIn } from "next-auth/react";
import { useState } from "react";
import { chooseWorkspaceToken, signInNotice, SSO_AMBIGUOUS_ERROR } from "@/lib/auth/messages";
import { chooseSignInRoute, workspaceChoicesFor } from "@/app/(auth)/sign-in/actions";
import { FormField, Notice, primaryButton } from "./form-field";

/** The workspace the sign-in is for, when known ("" → found from the email and password). */
export type WorkspaceInput = { mode: "hidden"; slug: string };

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
  // The password proved several memberships: the one-time token and the workspaces it offers.
  const [choice, setChoice] = useState<{ token: string; workspaces: { slug: string; name: string }[] } | null>(null);

  async function onContinue(formElement: HTMLFormElement) {
    const email = String(new FormData(formElement).get("email") ?? "").trim();
    if (!email) return;
    setPending(true);
    setNotice(null);
    try {
      const { route } = await chooseSignInRoute(email);
      if (route === "sso") {
        window.location.assign(ssoStartUrl(email, callbackPath, workspace.slug));
        return;
      }
      if (route === "sso-ambiguous") setNotice(signInNotice({ error: SSO_AMBIGUOUS_ERROR }));
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
      const token = chooseWorkspaceToken(result?.error);
      if (token) {
        const workspaces = await workspaceChoicesFor(token);
        if (workspaces.length > 0) {
          setChoice({ token, workspaces });
          setPending(false);
          return;
        }
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

  async function onChoose(slug: string) {
    if (!choice) return;
    setPending(true);
    setNotice(null);
    try {
      const result = await signIn("workspace-choice", { redirect: false, token: choice.token, workspace: slug });
      if (result?.ok && !result.error) {
        window.location.assign(callbackPath);
        return;
      }
      // The token is one-time: whatever went wrong, start again with the password.
      setChoice(null);
      setNotice(signInNotice({ error: result?.error || "CredentialsSignin" }));
    } catch {
      setNotice({ tone: "error", text: "Could not reach Roster. Check your connection and try again." });
    }
    setPending(false);
  }

  if (choice) {
    return (
      <div className="space-y-4" data-testid="workspace-chooser">
        <p className="text-sm text-slate-700">Your email and password belong to several workspaces. Which one do you want to open?</p>
        <ul className="space-y-2">
          {choice.workspaces.map((w) => (
            <li key={w.slug}>
              <button type="button" className={primaryButton} disabled={pending} onClick={() => onChoose(w.slug)}>
                {w.name}
              </button>
            </li>
          ))}
        </ul>
        <p className="text-center text-sm">
          <button type="button" className="font-medium text-indigo-700 hover:underline" onClick={() => setChoice(null)}>
            Back
          </button>
        </p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-describedby={notice ? "sign-in-notice" : undefined}>
      {notice ? (
        <Notice id="sign-in-notice" tone={notice.tone}>
          {notice.text}
        </Notice>
      ) : null}
      <input type="hidden" name="workspace" value={workspace.slug} />
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
