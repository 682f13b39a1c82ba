import Link from "next/link";
import { hrefWith } from "@/components/ui/pagination";
import { DEFAULT_SORT_DIRECTION, type MemberSort, type SortDirection } from "@/lib/members";

/** A column header that sorts the table (server-side) via the URL; aria-sort says how it is sorted. */
export function SortHeader({
  column,
  label,
  sort,
  dir,
  params,
  className = "",
}: {
  column: MemberSort;
  label: string;
  sort: MemberSort;
  dir: SortDirection;
  params: Record<string, string | undefined>;
  className?: string;
}) {
  const active = sort === column;
  const nextDir: SortDirection = active ? (dir === "asc" ? "desc" : "asc") : DEFAULT_SORT_DIRECTION[column];
  const href = hrefWith("/members", params, {
    sort: column === "name" ? undefined : column,
    dir: nextDir === DEFAULT_SORT_DIRECTION[column] ? undefined : nextDir,
    page: undefined,
  });
  return (
    <th scope="col" aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <Link href={href} className="group inline-flex items-center gap-1 rounded hover:text-slate-900">
        {label}
        <span aria-hidden="true" className={active ? "text-indigo-700" : "text-slate-400 group-hover:text-slate-500"}>
          {active ? (dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">{active ? `, sorted ${dir === "asc" ? "ascending" : "descending"}; sort ${nextDir === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
      </Link>
    </th>
  );
}
