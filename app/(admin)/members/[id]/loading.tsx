export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="animate-pulse space-y-6">
      <span className="sr-only">Loading member…</span>
      <div className="h-4 w-24 rounded bg-slate-200" />
      <div className="h-8 w-64 rounded bg-slate-200" />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="h-64 rounded-lg bg-slate-200 lg:col-span-2" />
        <div className="h-64 rounded-lg bg-slate-200" />
      </div>
    </div>
  );
}
