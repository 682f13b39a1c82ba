"use client";

import { useActionState, useOptimistic, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/result";

/** The "Enable SCIM provisioning" switch (role=switch). Saves immediately; the change is audited. */
export function ScimToggle({ enabled, action }: { enabled: boolean; action: (state: ActionResult, formData: FormData) => Promise<ActionResult> }) {
  const [state, formAction] = useActionState(action, null);
  const [optimistic, setOptimistic] = useOptimistic(enabled);
  const [pending, startTransition] = useTransition();

  function toggle() {
    const next = !optimistic;
    const data = new FormData();
    data.set("enabled", String(next));
    startTransition(() => {
      setOptimistic(next);
      formAction(data);
    });
  }

  return (
    <div>
      <div className="flex items-start justify-between gap-4">
        <div>
          <span id="scim-switch-label" className="text-sm font-semibold text-slate-900">
            Enable SCIM provisioning
          </span>
          <p id="scim-switch-hint" className="mt-1 text-sm text-slate-600">
            When off, the SCIM API refuses every request (HTTP 403) and nothing your identity provider sends is applied. Members already provisioned
            stay as they are.
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={optimistic}
          aria-labelledby="scim-switch-label"
          aria-describedby="scim-switch-hint"
          disabled={pending}
          onClick={toggle}
          className={`relative inline-flex h-7 w-12 shrink-0 items-center rounded-full border-2 border-transparent transition-colors disabled:opacity-70 ${
            optimistic ? "bg-indigo-600" : "bg-slate-400"
          }`}
        >
          <span aria-hidden="true" className={`inline-block h-6 w-6 rounded-full bg-white shadow transition-transform ${optimistic ? "translate-x-5" : "translate-x-0"}`} />
        </button>
      </div>
      <p className="mt-2 text-sm font-medium" aria-live="polite">
        <span className={optimistic ? "text-emerald-800" : "text-slate-700"} data-testid="scim-state">
          {pending ? "Saving…" : `SCIM provisioning is ${optimistic ? "on" : "off"}.`}
        </span>{" "}
        {state && !state.ok ? (
          <span role="alert" className="text-red-700">
            {state.message}
          </span>
        ) : null}
      </p>
    </div>
  );
}
