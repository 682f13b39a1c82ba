import type { Metadata } from "next";
import Link from "next/link";
import { ActivityList } from "@/components/members/activity-list";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect, type FilterOption } from "@/components/ui/filter-select";
import { PageHeader } from "@/components/ui/page-header";
import { hrefWith } from "@/components/ui/pagination";
import { button, input, label, link } from "@/components/ui/styles";
import { requirePermission } from "@/lib/auth/session";
import { listAuditEvents, recentAuditActions } from "@/lib/audit/app";
import { ACTOR_KIND_FILTERS, CATEGORY_FILTERS, decodeCursor, encodeCursor, OUTCOME_FILTERS } from "@/lib/audit/query";
import { z } from "zod";

export const metadata: Metadata = { title: "Activity" };

type RawSearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const schema = z.object({
  actor: z.enum(Object.keys(ACTOR_KIND_FILTERS) as [keyof typeof ACTOR_KIND_FILTERS]).optional().catch(undefined),
  outcome: z.enum(Object.keys(OUTCOME_FILTERS) as [keyof typeof OUTCOME_FILTERS]).optional().catch(undefined),
  category: z.enum(Object.keys(CATEGORY_FILTERS) as [keyof typeof CATEGORY_FILTERS]).optional().catch(undefined),
  action: z.string().trim().max(100).optional().catch(undefined),
  target: z.string().trim().max(200).optional().catch(undefined),
});

const PAGE = 50;

// Options in the order the selects show them; values are the keys the schema above accepts.
const ACTOR_OPTIONS = [
  { value: "token", label: "API token" },
  { value: "admin", label: "Admin or member" },
  { value: "system", label: "System" },
] as const satisfies readonly { value: keyof typeof ACTOR_KIND_FILTERS; label: string }[];
const CATEGORY_OPTIONS: FilterOption[] = Object.entries(CATEGORY_FILTERS).map(([value, category]) => ({ value, label: category.label }));
const OUTCOME_OPTIONS = [
  { value: "success", label: "Success" },
  { value: "failure", label: "Failure" },
] as const satisfies readonly { value: keyof typeof OUTCOME_FILTERS; label: string }[];

export default async function ActivityPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const admin = await requirePermission("activity.view", "/activity");
  const raw = await searchParams;
  const filters = schema.parse({ actor: first(raw.actor) || undefined, category: first(raw.category) || undefined, outcome: first(raw.outcome) || undefined, action: first(raw.action) || undefined, target: first(raw.target) || undefined });
  const before = decodeCursor(first(raw.before));
  const after = before ? undefined : decodeCursor(first(raw.after));
  const [page, actions] = await Promise.all([
    listAuditEvents({ workspaceId: admin.workspaceId, ...filters, before, after, limit: PAGE }),
    recentAuditActions(admin.workspaceId),
  ]);
  const params: Record<string, string | undefined> = { ...filters };
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader title="Activity" description="The audit log: who did what, newest first. Open an entry to see its details." />

      <form method="get" action="/activity" className="mb-5 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]" aria-label="Filter activity">
        <FilterSelect id="f-actor" name="actor" label="Actor" anyLabel="Anyone" options={ACTOR_OPTIONS} value={filters.actor} />
        <FilterSelect id="f-category" name="category" label="Category" anyLabel="Any" options={CATEGORY_OPTIONS} value={filters.category} />
        <div>
          <label htmlFor="f-action" className={label}>
            Action
          </label>
          <input id="f-action" name="action" list="f-action-list" defaultValue={filters.action ?? ""} placeholder="Any action" className={`${input} mt-1 font-mono`} />
          <datalist id="f-action-list">
            {actions.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </div>
        <FilterSelect id="f-outcome" name="outcome" label="Outcome" anyLabel="Any" options={OUTCOME_OPTIONS} value={filters.outcome} />
        <div>
          <label htmlFor="f-target" className={label}>
            Target
          </label>
          <input id="f-target" name="target" defaultValue={filters.target ?? ""} placeholder="Email, name or ID" className={`${input} mt-1`} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={button.primary}>
            Apply
          </button>
          {filtered ? (
            <Link href="/activity" className={button.secondary}>
              Clear
            </Link>
          ) : null}
        </div>
      </form>

      {page.events.length === 0 ? (
        <EmptyState
          title={filtered ? "No activity matches these filters" : "No activity yet"}
          action={
            filtered ? (
              <Link className={link} href="/activity">
                Clear the filters
              </Link>
            ) : undefined
          }
        >
          <p>{filtered ? "Target matches the start of an email or name, or an exact ID." : "Changes made here or by your identity provider will be recorded here."}</p>
        </EmptyState>
      ) : (
        <>
          <ActivityList events={page.events} />
          <nav aria-label="Activity pages" className="mt-4 flex items-center justify-between gap-3">
            {page.newerCursor ? (
              <Link className={button.secondary} rel="prev" href={hrefWith("/activity", params, { after: encodeCursor(page.newerCursor) })}>
                ← Newer
              </Link>
            ) : (
              <span />
            )}
            {before || after ? (
              <Link className={link} href={hrefWith("/activity", params, {})}>
                Newest
              </Link>
            ) : null}
            {page.olderCursor ? (
              <Link className={button.secondary} rel="next" href={hrefWith("/activity", params, { before: encodeCursor(page.olderCursor) })}>
                Older →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        </>
      )}
    </>
  );
}
