/** Placeholder shown by loading.tsx while a page's data loads. */
export function TableSkeleton({ label, rows = 8, columns = 5 }: { label: string; rows?: number; columns?: number }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading {label}…</span>
      <div className="mb-6 h-8 w-48 rounded bg-slate-200" />
      <div className="mb-4 h-9 w-full max-w-md rounded bg-slate-200" />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4 border-b border-slate-100 px-4 py-3 last:border-0">
            {Array.from({ length: columns }, (_, c) => (
              <div key={c} className={`h-4 rounded bg-slate-100 ${c === 0 ? "w-1/3" : "w-1/6"}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
