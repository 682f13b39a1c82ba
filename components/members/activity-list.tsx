import type { AuditEventRow as AuditEvent } from "@/lib/audit/query";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { RelativeTime } from "@/components/ui/time";

export const ACTOR_KIND_LABEL = { TOKEN: "API token", MEMBER: "Member", SYSTEM: "System" } as const;

/** Audit events as an expandable list: each row opens (native <details>, keyboard-friendly) to its details JSON. */
export function ActivityList({ events, showTarget = true }: { events: AuditEvent[]; showTarget?: boolean }) {
  return (
    <ul className="@container divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
      {events.map((e) => (
        <li key={e.id}>
          <details className="group">
            <summary className="flex cursor-pointer list-none flex-col gap-1 px-4 py-3 hover:bg-slate-50 @xl:flex-row @xl:items-center @xl:gap-4 [&::-webkit-details-marker]:hidden">
              <span aria-hidden="true" className="hidden text-slate-400 transition-transform group-open:rotate-90 @xl:inline">
                ▶
              </span>
              <span className="shrink-0 text-xs text-slate-600 tabular-nums @xl:w-28">
                <RelativeTime date={new Date(e.createdAt)} />
              </span>
              <span className="min-w-0 flex-1 text-sm">
                <code className="font-mono text-[13px] font-medium text-slate-900">{e.action}</code>
                {showTarget && (e.targetLabel || e.targetId) ? (
                  <span className="text-slate-700">
                    {" "}
                    · <span className="break-all">{e.targetLabel ?? e.targetId}</span>
                  </span>
                ) : null}
                <span className="block text-xs text-slate-600">
                  by {ACTOR_KIND_LABEL[e.actorKind]} <span className="break-all">{e.actorLabel}</span>
                </span>
              </span>
              <span className="shrink-0">
                {e.outcome === "SUCCESS" ? <Badge color="green">Success</Badge> : <Badge color="red">Failure</Badge>}
              </span>
            </summary>
            <div className="border-t border-slate-100 bg-slate-50 px-4 py-3 text-sm">
              <dl className="grid grid-cols-1 gap-x-6 gap-y-1 @xl:grid-cols-[auto_1fr]">
                <dt className="font-medium text-slate-600">When</dt>
                <dd className="text-slate-900">{formatDateTime(new Date(e.createdAt))}</dd>
                <dt className="font-medium text-slate-600">Actor</dt>
                <dd className="break-all text-slate-900">
                  {ACTOR_KIND_LABEL[e.actorKind]}: {e.actorLabel}
                  {e.actorId ? <span className="text-slate-500"> ({e.actorId})</span> : null}
                </dd>
                {e.targetType || e.targetId ? (
                  <>
                    <dt className="font-medium text-slate-600">Target</dt>
                    <dd className="break-all text-slate-900">
                      {e.targetType} {e.targetLabel ?? ""} {e.targetId ? <span className="text-slate-500">({e.targetId})</span> : null}
                    </dd>
                  </>
                ) : null}
                {e.requestId ? (
                  <>
                    <dt className="font-medium text-slate-600">Request</dt>
                    <dd className="font-mono text-xs break-all text-slate-900">{e.requestId}</dd>
                  </>
                ) : null}
              </dl>
              <p className="mt-3 text-xs font-medium text-slate-600">Details</p>
              <pre className="mt-1 max-h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" tabIndex={0}>
                {JSON.stringify(e.details ?? {}, null, 2)}
              </pre>
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
