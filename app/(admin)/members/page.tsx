import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { formatNumber, plural } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { hrefWith, Pagination } from "@/components/ui/pagination";
import { link } from "@/components/ui/styles";
import { MembersTable } from "@/components/members/members-table";
import { SearchBox } from "@/components/members/search-box";
import { StatusFilter } from "@/components/members/status-filter";
import { requirePermission } from "@/lib/auth/session";
import { assignableRoles, can, MEMBER_ROLES, ROLE_LABEL } from "@/lib/permissions/roles";
import { InviteForm } from "../settings/email/invite-form";
import { inviteMemberAction } from "../settings/email/actions";
import { listMembers } from "@/lib/members/app";
import { DEFAULT_SORT_DIRECTION, type MemberList } from "@/lib/members/list-members";
import { parseMembersParams, type RawSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Members" };

const STATUS_WORD = { active: "active", invited: "invited", disabled: "disabled", all: "" } as const;

export default async function MembersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const admin = await requirePermission("members.view", "/members");
  const query = parseMembersParams(await searchParams);
  // Viewers see names only (lib/permissions/roles.ts says why).
  const withEmails = can(admin, "members.viewEmails");
  const list = await listMembers({ workspaceId: admin.workspaceId, ...query, withEmails });

  // The URL state every link on the page keeps (defaults are left out of the URL).
  const params: Record<string, string | undefined> = {
    status: list.status === "active" ? undefined : list.status,
    q: list.q || undefined,
    sort: list.sort === "name" ? undefined : list.sort,
    dir: list.dir === DEFAULT_SORT_DIRECTION[list.sort] ? undefined : list.dir,
    role: list.role?.toLowerCase() ?? undefined,
  };

  return (
    <>
      <PageHeader
        title="Members"
        description={
          <>
            Everyone in {admin.workspaceName}. People your identity provider pushes over SCIM are <strong className="font-medium">Invited</strong> until
            they first sign in.
          </>
        }
      />
      <div className="mb-4 flex flex-col gap-3 lg:flex-row lg:items-center lg:justify-between">
        <StatusFilter current={list.status} counts={list.counts} params={params} />
        <SearchBox
          label={withEmails ? "Search members by name or email" : "Search members by name"}
          placeholder={withEmails ? "Search name or email…" : "Search name…"}
          keep={["status", "sort", "dir", "role"]}
        />
      </div>
      <nav aria-label="Filter by role" className="mb-4 flex flex-wrap items-center gap-2 text-sm">
        <span className="text-slate-600">Role:</span>
        {[null, ...MEMBER_ROLES].map((role) => {
          const current = list.role === role;
          return (
            <Link
              key={role ?? "any"}
              href={hrefWith("/members", params, { role: role?.toLowerCase(), page: undefined })}
              aria-current={current ? "page" : undefined}
              className={`rounded-full border px-3 py-0.5 ${current ? "border-indigo-600 bg-indigo-50 text-indigo-800" : "border-slate-200 text-slate-700 hover:bg-slate-50"}`}
            >
              {role ? ROLE_LABEL[role] : "Any"}
            </Link>
          );
        })}
      </nav>
      {list.rows.length > 0 ? (
        <>
          <MembersTable list={list} params={params} showEmails={withEmails} />
          <Pagination pathname="/members" params={params} page={list.page} pageCount={list.pageCount} pageSize={list.pageSize} total={list.total} noun="members" />
        </>
      ) : (
        <NoMembers list={list} params={params} />
      )}
      {can(admin, "members.invite") ? (
        <details className="mt-8 rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer text-sm font-semibold text-slate-900">Invite someone</summary>
          <div className="mt-4">
            <InviteForm action={inviteMemberAction} roles={assignableRoles(admin.role)} />
          </div>
        </details>
      ) : null}
    </>
  );
}

function NoMembers({ list, params }: { list: MemberList; params: Record<string, string | undefined> }) {
  const elsewhere = (["active", "invited", "disabled"] as const).filter((s) => s !== list.status && list.counts[s] > 0);
  const hints = elsewhere.length ? (
    <p className="mt-2">
      {elsewhere.map((s, i) => (
        <span key={s}>
          {i > 0 ? " · " : ""}
          <Link className={link} href={hrefWith("/members", params, { status: s, page: undefined })}>
            {plural(list.counts[s], `${STATUS_WORD[s]} member`)}
            {list.q ? " match" : ""}
          </Link>
        </span>
      ))}
    </p>
  ) : null;

  if (list.q) {
    return (
      <EmptyState
        title={`No ${STATUS_WORD[list.status]} members match “${list.q}”`.replace("  ", " ")}
        action={
          <Link className={link} href={hrefWith("/members", params, { q: undefined })}>
            Clear the search
          </Link>
        }
      >
        <p>Search matches the start of an email address, a name or a family name.</p>
        {hints}
      </EmptyState>
    );
  }
  if (list.status === "active" && list.counts.invited > 0) {
    return (
      <EmptyState title="No active members yet">
        <p>
          {formatNumber(list.counts.invited)} {list.counts.invited === 1 ? "person has" : "people have"} been invited or provisioned by your identity
          provider and will become active when they first sign in.
        </p>
        {hints}
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title={list.status === "all" ? "No members yet" : `No ${STATUS_WORD[list.status]} members`}
      action={
        list.counts.all === 0 ? (
          <Link className={link} href="/settings/scim">
            Connect your identity provider with SCIM
          </Link>
        ) : undefined
      }
    >
      {list.status === "disabled" ? <p>Members you or your identity provider deactivate show up here.</p> : null}
      {hints}
    </EmptyState>
  );
}
