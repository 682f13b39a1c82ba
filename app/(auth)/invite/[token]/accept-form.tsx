"use client";

import { signIn } from "next-auth/react";
import { useActionState, useEffect, useRef, useState } from "react";
import { FormField, Notice, primaryButton } from "@/components/shell/form-field";
import { DISABLED_ERROR, DISABLED_MESSAGE } from "@/lib/auth/messages";
import { INVITATION_PROBLEMS } from "@/lib/invitations/messages";
import type { AcceptResult } from "./actions";

type Action = (state: AcceptResult, formData: FormData) => Promise<AcceptResult>;

/**
 * Choose a password → the server action uses up the invitation and stores the password → this
 * form signs in with it through next-auth (the first sign-in activates the account) → home.
 */
export function AcceptForm({ action, email, minPasswordLength }: { action: Action; email: string; minPasswordLength: number }) {
  const [state, formAction, pending] = useActionState(action, null);
  // The chosen password, kept in memory for the sign-in right after the action succeeds.
  const passwordRef = useRef("");
  // "idle" while signing in: the render below shows progress until the sign-in settles.
  const [signInState, setSignInState] = useState<"idle" | "failed" | "disabled">("idle");

  useEffect(() => {
    if (!state?.ok) return;
    const password = passwordRef.current;
    signIn("credentials", { redirect: false, workspace: state.workspace, email: state.email, password })
      .then((result) => {
        if (result?.ok && !result.error) {
          // A full page load, so every server layout reads the brand-new session cookie.
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination
          window.location.assign("/");
          return;
        }
        setSignInState(result?.error === DISABLED_ERROR ? "disabled" : "failed");
      })
      .catch(() => setSignInState("failed"));
  }, [state]);

  if (state?.ok) {
    if (signInState === "disabled") return <Notice tone="error">{DISABLED_MESSAGE}</Notice>;
    if (signInState === "failed") {
      const params = new URLSearchParams({ workspace: state.workspace });
      return (
        <Notice tone="info">
          Your password is set, but signing you in did not work. <a className="font-medium underline" href={`/sign-in?${params}`}>Sign in</a> with{" "}
          {state.email} and your new password.
        </Notice>
      );
    }
    return <Notice tone="info">Password set. Signing you in…</Notice>;
  }

  if (state && !state.ok && "problem" in state) {
    const page = INVITATION_PROBLEMS[state.problem];
    return (
      <Notice tone="error">
        <strong className="block">{page.title}</strong>
        {page.text}
      </Notice>
    );
  }

  const errors = state && !state.ok && "fieldErrors" in state ? state.fieldErrors : {};
  return (
    <form
      action={(formData) => {
        passwordRef.current = String(formData.get("password") ?? "");
        formAction(formData);
      }}
      className="space-y-4"
      noValidate
    >
      {errors.password || errors.confirmPassword ? (
        <Notice tone="error" id="accept-errors">
          {errors.password ?? errors.confirmPassword}
        </Notice>
      ) : null}
      <input type="hidden" name="username" value={email} autoComplete="username" readOnly />
      <FormField
        id="password"
        name="password"
        type="password"
        label="Choose a password"
        hint={`At least ${minPasswordLength} characters, and not your email address.`}
        autoComplete="new-password"
        minLength={minPasswordLength}
        aria-invalid={errors.password ? true : undefined}
        required
      />
      <FormField
        id="confirmPassword"
        name="confirmPassword"
        type="password"
        label="Confirm the password"
        autoComplete="new-password"
        aria-invalid={errors.confirmPassword ? true : undefined}
        required
      />
      <button type="submit" className={primaryButton} disabled={pending}>
        {pending ? "Setting your password…" : "Set password and sign in"}
      </button>
    </form>
  );
}
