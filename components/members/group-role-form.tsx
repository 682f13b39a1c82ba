"use client";

import { useActionState, useId } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { MemberRole } from "@/lib/members/types";
import { MEMBER_ROLES, ROLE_LABEL } from "@/lib/permissions/roles";
import { input, label as labelClass } from "@/components/ui/styles";
import { RoleFormResult, RoleSaveButton } from "./role-form-parts";

/** "Members of this group get role X" (at most one role per group; Admins only). */
export function GroupRoleForm({
  groupId,
  role,
  action,
}: {
  groupId: string;
  role: MemberRole | null;
  action: (state: ActionResult, formData: FormData) => Promise<ActionResult>;
}) {
  const [state, formAction] = useActionState(action, null);
  const id = useId();
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="groupId" value={groupId} />
      <label htmlFor={id} className={labelClass}>
        Members of this group get role
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <select id={id} name="role" defaultValue={role ?? "NONE"} className={`${input} sm:max-w-xs`}>
          <option value="NONE">No role (the group grants nothing)</option>
          {MEMBER_ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
        <RoleSaveButton label="Save" />
      </div>
      <p className="text-xs text-slate-600">
        A member&apos;s role is the highest of the role set by hand, their groups&apos; roles and the role sent by SCIM. Adding or removing people in
        your identity provider then grants or takes away this role.
      </p>
      <RoleFormResult state={state} />
    </form>
  );
}
