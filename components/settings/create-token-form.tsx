"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { CopyButton } from "@/components/ui/copy-button";
import { button, input, label } from "@/components/ui/styles";
import type { ActionResult } from "@/lib/actions/result";

type Result = ActionResult<{ name: string; secret: string; prefix: string; expiresAt: string | null }>;

/** Generate a token; its secret is shown once, right here, with a copy button. */
export function CreateTokenForm({ action }: { action: (state: Result, formData: FormData) => Promise<Result> }) {
  const [state, formAction] = useActionState(action, null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const created = state?.ok ? (state.data ?? null) : null;
  const showSecret = created && dismissed !== created.secret;

  useEffect(() => {
    if (created) {
      formRef.current?.reset();
      secretRef.current?.focus();
      secretRef.current?.select();
    }
  }, [created]);

  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-4">
      {showSecret ? (
        <div className="rounded-lg border border-emerald-300 bg-emerald-50 p-4" role="region" aria-labelledby="new-token-title">
          <h3 id="new-token-title" className="text-sm font-semibold text-emerald-900">
            Copy your new token “{created.name}” now
          </h3>
          <p className="mt-1 text-sm text-emerald-900">
            <strong className="font-semibold">You won&apos;t see it again.</strong> Roster stores only a hash of it. Paste it into your identity
            provider&apos;s SCIM settings (as the Bearer token / Secret Token).
          </p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row">
            <label htmlFor="new-token-secret" className="sr-only">
              New API token
            </label>
            <input
              ref={secretRef}
              id="new-token-secret"
              data-testid="new-token-secret"
              readOnly
              value={created.secret}
              className={`${input} font-mono text-xs`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <div className="flex gap-2">
              <CopyButton value={created.secret} label="Copy token" className={button.primary} />
              <button type="button" className={button.secondary} onClick={() => setDismissed(created.secret)}>
                Done
              </button>
            </div>
          </div>
          {created.expiresAt ? (
            <p className="mt-2 text-xs text-emerald-900">Expires {new Date(created.expiresAt).toUTCString()}.</p>
          ) : (
            <p className="mt-2 text-xs text-emerald-900">Never expires; revoke it below when you no longer need it.</p>
          )}
        </div>
      ) : null}

      <form ref={formRef} action={formAction} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-end" noValidate>
        <div>
          <label htmlFor="token-name" className={label}>
            Token name
          </label>
          <input
            id="token-name"
            name="name"
            required
            maxLength={100}
            placeholder="e.g. Okta SCIM"
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? "token-name-error" : undefined}
            className={`${input} mt-1`}
          />
        </div>
        <div>
          <label htmlFor="token-expiry" className={label}>
            Expires in (days)
          </label>
          <input
            id="token-expiry"
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            placeholder="Never"
            aria-invalid={errors.expiresInDays ? true : undefined}
            aria-describedby={errors.expiresInDays ? "token-expiry-error" : "token-expiry-hint"}
            className={`${input} mt-1`}
          />
        </div>
        <GenerateButton />
        <p id="token-expiry-hint" className="text-xs text-slate-600 sm:col-span-3">
          Leave the expiry empty for a token that doesn&apos;t expire. Each live token needs a unique name.
        </p>
      </form>
      <div aria-live="polite">
        {state && !state.ok ? (
          <p role="alert" id={errors.name ? "token-name-error" : errors.expiresInDays ? "token-expiry-error" : undefined} className="text-sm text-red-700">
            {state.message}
          </p>
        ) : null}
      </div>
    </div>
  );
}

function GenerateButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={button.primary}>
      {pending ? "Generating…" : "Generate token"}
    </button>
  );
}
