"use client";

import { useActionState, useId } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { MemberRole } from "@/lib/members/types";
import { MEMBER_ROLES, ROLE_LABEL, ROLE_RANK } from "@/lib/permissions/roles";
import { input, label as labelClass } from "@/components/ui/styles";
import { RoleFormResult, RoleSaveButton } from "./role-form-parts";

/**
 * The role set by hand. Roles below what the identity provider grants (`idpFloor`, from a group or
 * SCIM) are disabled with the reason — the server refuses them too; roles the signed-in member may
 * not hand out (`assignable`: Editors up to Editor) are not offered.
 */
export function RoleForm({
  memberId,
  manualRole,
  assignable,
  idpFloor,
  idpSource,
  action,
  lastAdminNote,
}: {
  memberId: string;
  manualRole: MemberRole;
  assignable: readonly MemberRole[];
  idpFloor: MemberRole | null;
  idpSource: string | null;
  action: (state: ActionResult, formData: FormData) => Promise<ActionResult>;
  lastAdminNote?: boolean;
}) {
  const [state, formAction] = useActionState(action, null);
  const id = useId();
  const noteId = `${id}-note`;
  const hintId = `${id}-hint`;
  const floorId = `${id}-floor`;
  const belowFloor = (role: MemberRole) => idpFloor !== null && ROLE_RANK[role] < ROLE_RANK[idpFloor];
  const roles = MEMBER_ROLES.filter((role) => assignable.includes(role) || role === manualRole);
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="memberId" value={memberId} />
      <div>
        <label htmlFor={id} className={labelClass}>
          Role set by hand
        </label>
        <div className="mt-1 flex flex-col gap-2 sm:flex-row">
          <select
            id={id}
            name="role"
            defaultValue={manualRole}
            className={`${input} sm:max-w-xs`}
            aria-describedby={[hintId, idpFloor ? floorId : null, lastAdminNote ? noteId : null].filter(Boolean).join(" ")}
          >
            {roles.map((role) => (
              <option key={role} value={role} disabled={belowFloor(role) || !assignable.includes(role)}>
                {ROLE_LABEL[role]}
                {belowFloor(role) ? ` — below ${ROLE_LABEL[idpFloor!]} ${idpSource}` : ""}
              </option>
            ))}
          </select>
          <RoleSaveButton label="Save role" />
        </div>
      </div>
      {idpFloor ? (
        <p id={floorId} className="text-xs text-sky-800" data-idp-floor>
          This member gets {ROLE_LABEL[idpFloor]} {idpSource}. Roles below it are disabled: change it in your identity provider. A higher role set
          here applies until it is changed back.
        </p>
      ) : null}
      <p id={hintId} className="text-xs text-slate-600">
        The member&apos;s role is the highest of this, the roles their groups grant and the role sent by SCIM. See Members and permissions › Roles.
      </p>
      {lastAdminNote ? (
        <p id={noteId} className="text-xs text-amber-800">
          This is the workspace&apos;s only active admin. Make someone else an admin before changing this role.
        </p>
      ) : null}
      <RoleFormResult state={state} />
    </form>
  );
}
