"use client";

import { useActionState, useId, useOptimistic, useTransition } from "react";
import type { ActionResult } from "@/lib/actions/result";

export interface SettingSwitchProps {
  enabled: boolean;
  /** Receives `enabled=true|false`. */
  action: (state: ActionResult, formData: FormData) => Promise<ActionResult>;
  label: string;
  hint: React.ReactNode;
  /** The sentence under the switch when on, and when off (strings: a server page renders this). */
  onText: string;
  offText: string;
  testId?: string;
}

/** A workspace setting's switch (role=switch). Saves immediately; the change is audited by its action. */
export function SettingSwitch({ enabled, action, label, hint, onText, offText, testId }: SettingSwitchProps) {
  const id = useId();
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
          <span id={`${id}-label`} className="text-sm font-semibold text-slate-900">
            {label}
          </span>
          <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600">
            {hint}
          </p>
        </div>
        <button
          type="button"
          role="switch"
          aria-checked={optimistic}
          aria-labelledby={`${id}-label`}
          aria-describedby={`${id}-hint`}
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
        <span className={optimistic ? "text-emerald-800" : "text-slate-700"} data-testid={testId}>
          {pending ? "Saving…" : optimistic ? onText : offText}
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
