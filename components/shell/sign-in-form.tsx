"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { signInNotice } from "@/lib/auth/messages";
import { FormField, Notice, primaryButton } from "./form-field";

export type WorkspaceInput = { mode: "hidden"; slug: string } | { mode: "field"; initial: string };

export function SignInForm({
  workspace,
  initialNotice,
  callbackPath,
  initialEmail = "",
}: {
  workspace: WorkspaceInput;
  initialNotice: { tone: "error" | "info"; text: string } | null;
  callbackPath: string;
  initialEmail?: string;
}) {
  const [notice, setNotice] = useState(initialNotice);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
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
      // signInNotice knows the disabled and too-many-attempts codes; anything else reads as invalid.
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
      <FormField id="password" name="password" type="password" label="Password" autoComplete="current-password" required />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
