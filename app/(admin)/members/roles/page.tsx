import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/session";
import { MEMBER_ROLES, PERMISSION_LABEL, PERMISSION_NOTE, PERMISSIONS, ROLE_LABEL, ROLE_PERMISSIONS } from "@/lib/permissions/roles";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Roles" };

/** Members and permissions › Roles: what each role may do — rendered from the table the server enforces. */
export default async function RolesPage() {
  await requirePermission("members.view", "/members/roles");
  return (
    <>
      <PageHeader
        title="Roles"
        description="What each role may do. A member's role is the highest of the role set by an admin, the roles their groups grant and the role sent by SCIM."
      />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm" aria-label="Permissions by role">
          <thead className="bg-slate-50">
            <tr>
              <th scope="col" className="px-4 py-2 text-left font-medium text-slate-700">
                Permission
              </th>
              {MEMBER_ROLES.map((role) => (
                <th key={role} scope="col" className="px-4 py-2 text-center font-medium text-slate-700">
                  {ROLE_LABEL[role]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {PERMISSIONS.map((permission) => (
              <tr key={permission}>
                <th scope="row" className="px-4 py-2 text-left font-normal text-slate-800">
                  {PERMISSION_LABEL[permission]}
                </th>
                {MEMBER_ROLES.map((role) => {
                  const allowed = ROLE_PERMISSIONS[role].includes(permission);
                  const note = PERMISSION_NOTE[`${role}:${permission}`];
                  return (
                    <td key={role} className="px-4 py-2 text-center" data-role={role} data-permission={permission} data-allowed={allowed}>
                      {allowed ? <span aria-label="Allowed">✓{note ? "*" : ""}</span> : <span className="text-slate-400" aria-label="Not allowed">—</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="mt-3 space-y-1 text-sm text-slate-600">
        {Object.entries(PERMISSION_NOTE).map(([key, note]) => {
          const [role, permission] = key.split(":") as [keyof typeof ROLE_LABEL, keyof typeof PERMISSION_LABEL];
          return (
            <li key={key}>
              * {ROLE_LABEL[role]}, {PERMISSION_LABEL[permission].toLowerCase()}: {note}
            </li>
          );
        })}
      </ul>
      <section className="mt-8 max-w-3xl space-y-3 text-sm text-slate-700">
        <h2 className="text-base font-semibold text-slate-900">Where roles come from</h2>
        <p>
          <strong>Groups:</strong> on a group&apos;s page an admin can choose “Members of this group get role …”. Groups pushed by Okta or Entra
          ID then decide who is an admin.
        </p>
        <p>
          <strong>SCIM:</strong> a <code>roles</code> value of <code>admin</code>, <code>editor</code>, <code>viewer</code> or <code>guest</code>{" "}
          (any case) grants that role; other values are kept but grant nothing.
        </p>
        <p>
          <strong>By hand:</strong> a role set on a member&apos;s page can raise them above what the identity provider grants, never lower.
          A workspace always keeps at least one active Admin.
        </p>
      </section>
    </>
  );
}
