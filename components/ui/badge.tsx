// Small status labels. Colour is never the only signal: every badge carries its word.
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/members/types";
import { ROLE_LABEL } from "@/lib/members/roles";

const tone = {
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  red: "bg-red-50 text-red-800 ring-red-600/20",
  indigo: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
  sky: "bg-sky-50 text-sky-800 ring-sky-600/20",
} as const;

export function Badge({ color, children, title }: { color: keyof typeof tone; children: React.ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tone[color]}`}>
      {children}
    </span>
  );
}

export const STATUS_LABEL: Record<MemberStatus, string> = { ACTIVE: "Active", INVITED: "Invited", DISABLED: "Disabled" };
const STATUS_COLOR: Record<MemberStatus, keyof typeof tone> = { ACTIVE: "green", INVITED: "amber", DISABLED: "slate" };
const STATUS_HINT: Record<MemberStatus, string> = {
  ACTIVE: "Has signed in",
  INVITED: "Provisioned or invited; becomes Active at first sign-in",
  DISABLED: "Cannot sign in",
};

export function StatusBadge({ status }: { status: MemberStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} title={STATUS_HINT[status]}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}


export function RoleBadge({ role }: { role: MemberRole }) {
  return <Badge color={role === "ADMIN" ? "indigo" : "slate"}>{ROLE_LABEL[role]}</Badge>;
}

export const SOURCE_LABEL: Record<RecordSource, string> = { SCIM: "SCIM", MANUAL: "Manual" };

export function SourceBadge({ source }: { source: RecordSource }) {
  return (
    <Badge color={source === "SCIM" ? "sky" : "slate"} title={source === "SCIM" ? "Provisioned by your identity provider" : "Added in Roster"}>
      {SOURCE_LABEL[source]}
    </Badge>
  );
}
