"use client";

// What the two role forms (a member's hand-set role, a group's granted role) share: the submit
// button and the result line under the form.
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/actions/result";
import { button } from "@/components/ui/styles";

export function RoleSaveButton({ label }: { label: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={button.primary}>
      {pending ? "Saving…" : label}
    </button>
  );
}

export function RoleFormResult({ state }: { state: ActionResult }) {
  return (
    <div aria-live="polite">
      {state ? (
        <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
