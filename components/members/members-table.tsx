import Link from "next/link";
import { RoleBadge, SourceBadge, StatusBadge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/time";
import { link } from "@/components/ui/styles";
import type { MemberList } from "@/lib/members";
import { SortHeader } from "./sort-header";
import { TableFrame, th } from "@/components/ui/table";

const td = "px-4 py-3 align-top text-sm";

/**
 * The members table. On phones less important columns fold away (the email moves under the
 * name; everything is on the member's page) and the table scrolls sideways if it still must.
 */
export function MembersTable({ list, params, showEmails = true }: { list: MemberList; params: Record<string, string | undefined>; showEmails?: boolean }) {
  const sortProps = { sort: list.sort, dir: list.dir, params };
  return (
    <TableFrame label="Members table">
        <caption className="sr-only">
          Members{list.status === "all" ? "" : ` with status ${list.status}`}
          {list.q ? ` matching “${list.q}”` : ""}, page {list.page} of {list.pageCount}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <SortHeader column="name" label="Name" {...sortProps} className={th} />
            {showEmails ? <SortHeader column="email" label="Email" {...sortProps} className={`${th} hidden md:table-cell`} /> : null}
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Role
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              Groups
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              Source
            </th>
            <SortHeader column="lastSignIn" label="Last sign-in" {...sortProps} className={`${th} hidden md:table-cell`} />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {list.rows.map((m) => (
            <tr key={m.id} className="hover:bg-slate-50" data-member-id={m.id}>
              <td className={`${td} max-w-[16rem]`}>
                <Link href={`/members/${m.id}`} className={`${link} break-words`}>
                  {m.name}
                </Link>
                {showEmails ? <div className="mt-0.5 text-xs break-all text-slate-600 md:hidden">{m.userName}</div> : null}
              </td>
              {showEmails ? (
                <td className={`${td} hidden max-w-[18rem] text-slate-700 md:table-cell`}>
                  <span className="break-all">{m.userName}</span>
                  {m.otherEmail ? <div className="text-xs break-all text-slate-500">{m.otherEmail}</div> : null}
                </td>
              ) : null}
              <td className={td}>
                <StatusBadge status={m.status} />
              </td>
              <td className={`${td} hidden sm:table-cell`}>
                <RoleBadge role={m.role} />
                <div className="mt-0.5 text-xs text-slate-500" data-role-source>
                  {m.roleSource}
                </div>
              </td>
              <td className={`${td} hidden text-slate-700 tabular-nums lg:table-cell`}>{m.groupCount}</td>
              <td className={`${td} hidden lg:table-cell`}>
                <SourceBadge source={m.source} />
              </td>
              <td className={`${td} hidden whitespace-nowrap text-slate-700 md:table-cell`}>
                <RelativeTime date={m.lastSignInAt} />
              </td>
            </tr>
          ))}
        </tbody>
    </TableFrame>
  );
}
