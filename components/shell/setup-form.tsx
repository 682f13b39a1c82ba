"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { FormField, Notice, primaryButton } from "./form-field";

type SetupResult = { ok: true; workspaceSlug: string } | { ok: false; error: string };

const SIGN_IN_FAILED = "Your workspace is ready, but signing in failed.";

export function SetupForm({ action }: { action: (previous: SetupResult | null, formData: FormData) => Promise<SetupResult> }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await action(null, data);
      if (!result.ok) {
        setError(result.error);
        setPending(false);
        return;
      }
      // The workspace exists: sign its first admin in with what they just typed.
      const signedIn = await signIn("credentials", {
        redirect: false,
        workspace: result.workspaceSlug,
        email: String(data.get("email") ?? ""),
        password: String(data.get("password") ?? ""),
      });
      window.location.assign(signedIn?.ok && !signedIn.error ? "/members" : `/sign-in?workspace=${encodeURIComponent(result.workspaceSlug)}`);
      if (!(signedIn?.ok && !signedIn.error)) setError(SIGN_IN_FAILED);
    } catch {
      setError("Something went wrong. Try again.");
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <FormField id="workspaceName" name="workspaceName" label="Workspace name" placeholder="Acme Inc." autoComplete="organization" required />
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="givenName" name="givenName" label="Given name" autoComplete="given-name" maxLength={100} required />
        <FormField id="familyName" name="familyName" label="Family name" autoComplete="family-name" maxLength={100} required />
      </div>
      <FormField id="email" name="email" type="email" label="Your email" autoComplete="username" required />
      <FormField
        id="password"
        name="password"
        type="password"
        label="Password"
        hint="At least 10 characters."
        autoComplete="new-password"
        minLength={10}
        required
      />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Setting up…" : "Create workspace"}
      </button>
    </form>
  );
}
