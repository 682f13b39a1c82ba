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
import { listMembers } from "@/lib/members/app";
import { DEFAULT_SORT_DIRECTION, type MemberList } from "@/lib/members/list-members";
import { parseMembersParams, type RawSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Members" };

const STATUS_WORD = { active: "active", invited: "invited", disabled: "disabled", all: "" } as const;

export default async function MembersPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const admin = await requirePermission("members.view", "/members");
  const query = parseMembersParams(await searchParams);
  const list = await listMembers({ workspaceId: admin.workspaceId, ...query });

  // The URL state every link on the page keeps (defaults are left out of the URL).
  const params: Record<string, string | undefined> = {
    status: list.status === "active" ? undefined : list.status,
    q: list.q || undefined,
    sort: list.sort === "name" ? undefined : list.sort,
    dir: list.dir === DEFAULT_SORT_DIRECTION[list.sort] ? undefined : list.dir,
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
        <SearchBox label="Search members by name or email" placeholder="Search name or email…" keep={["status", "sort", "dir"]} />
      </div>
      {list.rows.length > 0 ? (
        <>
          <MembersTable list={list} params={params} />
          <Pagination pathname="/members" params={params} page={list.page} pageCount={list.pageCount} pageSize={list.pageSize} total={list.total} noun="members" />
        </>
      ) : (
        <NoMembers list={list} params={params} />
      )}
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
