import { formatDateTime, formatRelative } from "./format";

/** A relative time ("3 h ago") with the exact UTC timestamp for hover and assistive tech. */
export function RelativeTime({ date, empty = "Never" }: { date: Date | null; empty?: string }) {
  if (!date) return <span className="text-slate-500">{empty}</span>;
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date)}>
      {formatRelative(date)}
    </time>
  );
}
