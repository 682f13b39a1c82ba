import type { Metadata } from "next";
import Link from "next/link";
import { SearchBox } from "@/components/members/search-box";
import { SourceBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { link } from "@/components/ui/styles";
import { RelativeTime } from "@/components/ui/time";
import { requirePermission } from "@/lib/auth/session";
import { listGroups } from "@/lib/members/app";
import { ROLE_LABEL } from "@/lib/permissions/roles";
import { first, pageParam, type RawSearchParams } from "../search-params";
import { TableFrame, th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Groups" };

const td = "px-4 py-3 text-sm";

export default async function GroupsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const admin = await requirePermission("groups.view", "/members/groups");
  const raw = await searchParams;
  const q = (first(raw.q) ?? "").trim().slice(0, 200);
  const list = await listGroups({ workspaceId: admin.workspaceId, q, page: pageParam.parse(first(raw.page) ?? 1) });
  const params = { q: q || undefined };

  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups as your identity provider pushes them over SCIM. Invited members count as pending until they first sign in."
      />
      <div className="mb-4">
        <SearchBox label="Search groups by name" placeholder="Search group name…" />
      </div>
      {list.rows.length === 0 ? (
        q ? (
          <EmptyState
            title={`No groups match “${q}”`}
            action={
              <Link className={link} href="/members/groups">
                Clear the search
              </Link>
            }
          >
            <p>Search matches the start of a group name.</p>
          </EmptyState>
        ) : (
          <EmptyState
            title="No groups yet"
            action={
              <Link className={link} href="/settings/scim">
                Set up group push from Okta or Entra ID
              </Link>
            }
          >
            <p>Groups appear here when your identity provider pushes them over SCIM.</p>
          </EmptyState>
        )
      ) : (
        <>
          <TableFrame label="Groups table">
              <caption className="sr-only">Groups, page {list.page} of {list.pageCount}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    Group
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Active
                  </th>
                  <th scope="col" className={`${th} text-right`}>
                    Pending
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Grants role
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Source
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Last change
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.rows.map((g) => (
                  <tr key={g.id} className="hover:bg-slate-50" data-group-id={g.id}>
                    <td className={`${td} max-w-[20rem]`}>
                      <Link href={`/members/groups/${g.id}`} className={`${link} break-words`}>
                        {g.displayName}
                      </Link>
                      {g.externalId ? <div className="mt-0.5 text-xs break-all text-slate-500">External ID {g.externalId}</div> : null}
                    </td>
                    <td className={`${td} text-right text-slate-900 tabular-nums`} data-testid="active-count">
                      {formatNumber(g.activeCount)}
                    </td>
                    <td className={`${td} text-right tabular-nums`} data-testid="pending-count">
                      {g.pendingCount > 0 ? <span className="font-medium text-amber-800">{formatNumber(g.pendingCount)}</span> : <span className="text-slate-500">0</span>}
                    </td>
                    <td className={`${td} hidden text-slate-700 sm:table-cell`} data-testid="grants-role">
                      {g.grantsRole ? ROLE_LABEL[g.grantsRole] : <span className="text-slate-500">None</span>}
                    </td>
                    <td className={`${td} hidden sm:table-cell`}>
                      <SourceBadge source={g.source} />
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 md:table-cell`}>
                      <RelativeTime date={g.lastChangedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
          </TableFrame>
          <Pagination pathname="/members/groups" params={params} page={list.page} pageCount={list.pageCount} pageSize={list.pageSize} total={list.total} noun="groups" />
        </>
      )}
    </>
  );
}

