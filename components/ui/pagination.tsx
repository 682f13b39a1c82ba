import Link from "next/link";
import { formatNumber } from "./format";

/** Builds a URL for `pathname` with `params` changed (undefined/"" removes a key). */
export function hrefWith(pathname: string, current: Record<string, string | undefined>, change: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(current)) if (v) params.set(k, v);
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined || v === "") params.delete(k);
    else params.set(k, String(v));
  }
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

const linkClass =
  "inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50";
const disabledClass = "inline-flex items-center rounded-md border border-slate-200 bg-slate-50 px-3 py-1.5 text-sm font-medium text-slate-500";

/** "Showing 51–100 of 3,210" with Previous / Next links (page numbers live in the URL). */
export function Pagination({
  pathname,
  params,
  page,
  pageCount,
  pageSize,
  total,
  noun,
}: {
  pathname: string;
  params: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  noun: string;
}) {
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label={`${noun} pages`} className="mt-4 flex flex-col items-center justify-between gap-3 sm:flex-row">
      <p className="text-sm text-slate-600" aria-live="polite">
        Showing <span className="font-medium text-slate-900">{formatNumber(from)}</span>–<span className="font-medium text-slate-900">{formatNumber(to)}</span> of{" "}
        <span className="font-medium text-slate-900">{formatNumber(total)}</span> {noun}
      </p>
      {pageCount > 1 ? (
        <div className="flex items-center gap-2">
          {page > 1 ? (
            <Link className={linkClass} href={hrefWith(pathname, params, { page: page - 1 === 1 ? undefined : page - 1 })} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              ← Previous
            </span>
          )}
          <span className="px-1 text-sm text-slate-600">
            Page {formatNumber(page)} of {formatNumber(pageCount)}
          </span>
          {page < pageCount ? (
            <Link className={linkClass} href={hrefWith(pathname, params, { page: page + 1 })} rel="next">
              Next →
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              Next →
            </span>
          )}
        </div>
      ) : null}
    </nav>
  );
}
