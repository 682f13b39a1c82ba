import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RoleBadge, SourceBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber, plural } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { link } from "@/components/ui/styles";
import { RelativeTime } from "@/components/ui/time";
import { requirePermission } from "@/lib/auth/session";
import { can, ROLE_LABEL } from "@/lib/permissions/roles";
import { GroupRoleForm } from "@/components/members/group-role-form";
import { card } from "@/components/ui/styles";
import { setGroupRoleAction } from "../actions";
import { getGroupDetail } from "@/lib/members/app";
import { first, pageParam, type RawSearchParams } from "../../search-params";
import { TableFrame, th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Group" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const td = "px-4 py-3 text-sm";

export default async function GroupPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const admin = await requirePermission("groups.view", "/members/groups/[id]");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const page = pageParam.parse(first((await searchParams).page) ?? 1);
  const detail = await getGroupDetail({ workspaceId: admin.workspaceId, groupId: id, page });
  if (!detail) notFound();
  const { group } = detail;
  const showEmails = can(admin, "members.viewEmails");

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/members/groups" className={link}>
          ← Groups
        </Link>
      </p>
      <PageHeader
        title={group.displayName}
        description={
          <div className="flex flex-wrap items-center gap-2">
            <SourceBadge source={group.source} />
            <span>{plural(detail.activeCount, "active member")}</span>
            {group.externalId ? <span className="text-slate-500">External ID {group.externalId}</span> : null}
          </div>
        }
      />

      <section aria-label="Role" className={`${card} mb-6 p-5`} data-testid="group-role">
        {can(admin, "groups.mapRole") ? (
          <GroupRoleForm groupId={group.id} role={group.grantsRole} action={setGroupRoleAction} />
        ) : (
          <p className="text-sm text-slate-700">
            {group.grantsRole ? `Members of this group get role ${ROLE_LABEL[group.grantsRole]}.` : "This group grants no role."}
          </p>
        )}
      </section>

      {detail.pendingCount > 0 ? (
        <p role="note" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="pending-note">
          <strong className="font-semibold">{plural(detail.pendingCount, "invited member")}</strong> will appear once they sign in.{" "}
          <Link className="font-medium text-amber-900 underline" href="/members?status=invited">
            See invited members
          </Link>
        </p>
      ) : null}

      {detail.members.length === 0 ? (
        <EmptyState title="No active members">
          <p>
            {detail.pendingCount > 0
              ? "Everyone in this group is still invited. Members show up here after their first sign-in."
              : "Your identity provider hasn't assigned anyone to this group yet."}
          </p>
          {detail.disabledCount > 0 ? <p className="mt-2">{plural(detail.disabledCount, "disabled member")} not shown.</p> : null}
        </EmptyState>
      ) : (
        <>
          <TableFrame label="Group members table">
              <caption className="sr-only">Active members of {group.displayName}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  {showEmails ? (
                    <th scope="col" className={`${th} hidden md:table-cell`}>
                      Email
                    </th>
                  ) : null}
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Role
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Added
                  </th>
                  <th scope="col" className={`${th} hidden lg:table-cell`}>
                    Last sign-in
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {detail.members.map((m) => (
                  <tr key={m.id} className="hover:bg-slate-50">
                    <td className={`${td} max-w-[16rem]`}>
                      <Link className={`${link} break-words`} href={`/members/${m.id}`}>
                        {showEmails || m.name !== m.userName ? m.name : "(no name)"}
                      </Link>
                      {showEmails ? <div className="mt-0.5 text-xs break-all text-slate-600 md:hidden">{m.userName}</div> : null}
                    </td>
                    {showEmails ? <td className={`${td} hidden break-all text-slate-700 md:table-cell`}>{m.userName}</td> : null}
                    <td className={`${td} hidden sm:table-cell`}>
                      <RoleBadge role={m.role} />
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 md:table-cell`}>
                      <RelativeTime date={m.addedAt} />
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 lg:table-cell`}>
                      <RelativeTime date={m.lastSignInAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
          </TableFrame>
          <Pagination
            pathname={`/members/groups/${group.id}`}
            params={{}}
            page={detail.page}
            pageCount={detail.pageCount}
            pageSize={detail.pageSize}
            total={detail.activeCount}
            noun="active members"
          />
          {detail.disabledCount > 0 ? <p className="mt-2 text-xs text-slate-500">{formatNumber(detail.disabledCount)} disabled not shown.</p> : null}
        </>
      )}
    </>
  );
}
