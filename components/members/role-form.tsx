"use client";

import { useActionState, useId } from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/actions/result";
import { MEMBER_ROLES, ROLE_LABEL } from "@/lib/members/roles";
import { button, input, label as labelClass } from "@/components/ui/styles";

type Role = (typeof MEMBER_ROLES)[number];

const ROLES = MEMBER_ROLES.map((value) => ({ value, label: ROLE_LABEL[value] }));

/** Change a member's role (admins only; the server refuses to demote the last active admin). */
export function RoleForm({
  memberId,
  role,
  action,
  lastAdminNote,
}: {
  memberId: string;
  role: Role;
  action: (state: ActionResult, formData: FormData) => Promise<ActionResult>;
  lastAdminNote?: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  const id = useId();
  const noteId = `${id}-note`;
  const hintId = `${id}-hint`;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="memberId" value={memberId} />
      <div>
        <label htmlFor={id} className={labelClass}>
          Role
        </label>
        <div className="mt-1 flex flex-col gap-2 sm:flex-row">
          <select id={id} name="role" defaultValue={role} className={`${input} sm:max-w-xs`} aria-describedby={lastAdminNote ? `${hintId} ${noteId}` : hintId}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          <SaveButton />
        </div>
      </div>
      <p id={hintId} className="text-xs text-slate-600">
        Admins manage members, groups, settings, API tokens and SCIM here. Editor, Viewer and Guest are for the apps that use Roster&apos;s directory.
      </p>
      {lastAdminNote ? (
        <p id={noteId} className="text-xs text-amber-800">
          This is the workspace&apos;s only active admin. Make someone else an admin before changing this role.
        </p>
      ) : null}
      <div aria-live="polite">
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={`text-sm ${state.ok ? "text-emerald-800" : "text-red-700"}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}

function SaveButton() {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={button.primary}>
      {pending ? "Saving…" : "Save role"}
    </button>
  );
}
