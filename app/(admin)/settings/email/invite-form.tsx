"use client";

import { useActionState, useEffect, useRef } from "react";
import { button, input, label } from "@/components/ui/styles";
import type { ActionResult } from "@/lib/actions/result";
import type { MemberRole } from "@/lib/members/types";

type Action = (state: ActionResult, formData: FormData) => Promise<ActionResult>;

const ROLES = [
  ["VIEWER", "Viewer"],
  ["EDITOR", "Editor"],
  ["GUEST", "Guest"],
  ["ADMIN", "Admin"],
] as const;

/** Invite someone by email (creates an Invited member and queues the invitation email); `roles`: those the inviter may give. */
export function InviteForm({ action, roles }: { action: Action; roles?: readonly MemberRole[] }) {
  const [state, formAction, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) formRef.current?.reset();
  }, [state]);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};

  return (
    <form ref={formRef} action={formAction} className="grid gap-4 sm:grid-cols-2 sm:items-end lg:grid-cols-[2fr_2fr_3fr_1fr_auto]" noValidate>
      <div>
        <label htmlFor="invite-given-name" className={label}>
          Given name
        </label>
        <input id="invite-given-name" name="givenName" type="text" required maxLength={100} autoComplete="off" className={`${input} mt-1`} aria-invalid={errors.givenName ? true : undefined} />
      </div>
      <div>
        <label htmlFor="invite-family-name" className={label}>
          Family name
        </label>
        <input id="invite-family-name" name="familyName" type="text" required maxLength={100} autoComplete="off" className={`${input} mt-1`} aria-invalid={errors.familyName ? true : undefined} />
      </div>
      <div>
        <label htmlFor="invite-email" className={label}>
          Email
        </label>
        <input id="invite-email" name="email" type="email" required autoComplete="off" className={`${input} mt-1`} aria-invalid={errors.email ? true : undefined} />
      </div>
      <div>
        <label htmlFor="invite-role" className={label}>
          Role
        </label>
        <select id="invite-role" name="role" defaultValue="VIEWER" className={`${input} mt-1`}>
          {ROLES.filter(([value]) => !roles || roles.includes(value)).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={button.primary} disabled={pending}>
        {pending ? "Inviting…" : "Send invitation"}
      </button>
      <div className="sm:col-span-2 lg:col-span-5" aria-live="polite">
        {state ? (
          <p
            role={state.ok ? "status" : "alert"}
            className={`rounded-md border px-3 py-2 text-sm ${state.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-800"}`}
          >
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
