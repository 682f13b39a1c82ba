// Date formatting for server-rendered admin pages. Times are shown in UTC (the server cannot know
// the viewer's zone) with the full timestamp in a tooltip / <time dateTime>.
const dateFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});
const numberFmt = new Intl.NumberFormat("en-US");

export const formatDate = (d: Date) => dateFmt.format(d);
export const formatDateTime = (d: Date) => `${dateTimeFmt.format(d)} UTC`;
export const formatNumber = (n: number) => numberFmt.format(n);

/** "just now", "5 min ago", "3 h ago", "4 days ago", else the date. */
export function formatRelative(d: Date, now = new Date()): string {
  const s = Math.round((now.getTime() - d.getTime()) / 1000);
  if (s < 0) {
    const future = -s;
    if (future < 3600) return `in ${Math.max(1, Math.round(future / 60))} min`;
    if (future < 86_400 * 2) return `in ${Math.round(future / 3600)} h`;
    return `in ${Math.round(future / 86_400)} days`;
  }
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 86_400 * 30) return `${Math.round(s / 86_400)} days ago`;
  return formatDate(d);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
