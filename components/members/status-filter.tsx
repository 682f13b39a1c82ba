import Link from "next/link";
import { formatNumber } from "@/components/ui/format";
import { hrefWith } from "@/components/ui/pagination";
import type { MemberStatusFilter, StatusCounts } from "@/lib/members";

const FILTERS: { value: MemberStatusFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "invited", label: "Invited" },
  { value: "disabled", label: "Disabled" },
  { value: "all", label: "All" },
];

/** Status filter as links (the filter lives in the URL, so it survives reload and can be shared). */
export function StatusFilter({
  current,
  counts,
  params,
}: {
  current: MemberStatusFilter;
  counts: StatusCounts;
  params: Record<string, string | undefined>;
}) {
  return (
    <nav aria-label="Filter members by status">
      <ul className="flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1">
        {FILTERS.map((f) => {
          const selected = f.value === current;
          return (
            <li key={f.value}>
              <Link
                href={hrefWith("/members", params, { status: f.value === "active" ? undefined : f.value, page: undefined })}
                aria-current={selected ? "page" : undefined}
                className={`inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium ${
                  selected ? "bg-white text-slate-900 shadow-sm ring-1 ring-slate-200" : "text-slate-700 hover:bg-white/70 hover:text-slate-900"
                }`}
              >
                {f.label}
                <span
                  className={`rounded-full px-2 py-0.5 text-xs tabular-nums ${selected ? "bg-indigo-100 text-indigo-800" : "bg-slate-200 text-slate-700"}`}
                  data-testid={`count-${f.value}`}
                >
                  {formatNumber(counts[f.value])}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
