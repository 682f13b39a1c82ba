import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivityList } from "@/components/members/activity-list";
import { RoleForm } from "@/components/members/role-form";
import { Badge, RoleBadge, SourceBadge, StatusBadge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { formatDateTime, plural } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { button, card, link } from "@/components/ui/styles";
import { requirePermission, type CurrentMember } from "@/lib/auth/session";
import { assignableRoles, can, mayManage, ROLE_LABEL } from "@/lib/permissions/roles";
import { getMemberDetail } from "@/lib/members/app";
import type { MemberDetail } from "@/lib/members/get-member";
import { changeRoleAction, setActiveAction } from "../actions";

export const metadata: Metadata = { title: "Member" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MemberPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePermission("members.view", "/members/[id]");
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const detail = await getMemberDetail({ workspaceId: admin.workspaceId, memberId: id });
  if (!detail) notFound();
  const { member } = detail;
  const isSelf = member.id === admin.id;
  // Viewers see names, roles and groups only: no addresses, no attributes, no activity (lib/permissions/roles.ts).
  const full = can(admin, "members.viewEmails");
  const manages = mayManage(admin.role, member.role);
  const role = (
    <p className="text-sm text-slate-800" data-testid="effective-role">
      <strong className="font-semibold">{ROLE_LABEL[member.role]}</strong> — {detail.roleSource}
    </p>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/members" className={link}>
          ← Members
        </Link>
      </p>
      <PageHeader
        title={full || detail.name !== member.userName ? detail.name : "(no name)"}
        description={
          <div className="flex flex-wrap items-center gap-2">
            {full ? <span className="break-all">{member.userName}</span> : null}
            <StatusBadge status={member.status} />
            <RoleBadge role={member.role} />
            <SourceBadge source={member.source} />
            {isSelf ? <Badge color="slate">You</Badge> : null}
          </div>
        }
        actions={can(admin, "members.setActive") && manages ? <StatusAction detail={detail} isSelf={isSelf} /> : null}
      />
      {full ? null : <ReadOnly detail={detail} role={role} />}

      {full ? (
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section title="Access">
            <div className="mb-4">{role}</div>
            <AccessForm admin={admin} detail={detail} manages={manages} />
            <p className="mt-4 text-sm text-slate-600">
              {member.status === "INVITED"
                ? "Invited: this person has not signed in yet. Their group memberships are pending until they do."
                : member.status === "DISABLED"
                  ? "Disabled: this person cannot sign in."
                  : "Active: this person can sign in."}
            </p>
          </Section>

          <Section title="Profile">
            <Fields
              rows={[
                ["User name (sign-in email)", member.userName],
                ["Emails", emailsText(member.emails)],
                ["Display name", member.displayName],
                ["Given name", member.givenName],
                ["Middle name", member.middleName],
                ["Family name", member.familyName],
                ["Formatted name", member.formattedName],
                ["Honorific prefix", member.honorificPrefix],
                ["Honorific suffix", member.honorificSuffix],
                ["Nickname", member.nickName],
                ["Title", member.title],
                ["User type", member.userType],
                ["Preferred language", member.preferredLanguage],
                ["Locale", member.locale],
                ["Time zone", member.timezone],
              ]}
            />
          </Section>

          <Section title="SCIM attributes">
            <Fields
              rows={[
                ["External ID", member.externalId, true],
                ["SCIM active", member.active ? "true" : "false", true],
                ["Version (ETag)", `W/"${member.version}"`, true],
                ["Created", formatDateTime(member.createdAt)],
                ["Last updated", formatDateTime(member.updatedAt)],
                ["Activated (first sign-in)", member.activatedAt ? formatDateTime(member.activatedAt) : "Not yet"],
                ["Last sign-in", member.lastSignInAt ? formatDateTime(member.lastSignInAt) : "Never"],
              ]}
            />
            <h3 className="mt-6 mb-3 text-sm font-semibold text-slate-900">Enterprise user</h3>
            <Fields
              rows={[
                ["Employee number", member.employeeNumber],
                ["Cost center", member.costCenter],
                ["Organization", member.organization],
                ["Division", member.division],
                ["Department", member.department],
                ["Manager", [member.managerDisplayName, member.managerValue ? `(${member.managerValue})` : null].filter(Boolean).join(" ") || null],
              ]}
            />
            <ExtraAttributes extra={member.extra} />
          </Section>
        </div>

        <div className="space-y-6">
          <Section title={`Groups (${detail.groupCount})`}>
            {detail.groups.length === 0 ? (
              <p className="text-sm text-slate-600">Not in any group.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {detail.groups.map((g) => (
                  <li key={g.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                    <Link href={`/members/groups/${g.id}`} className={`${link} break-words`}>
                      {g.displayName}
                    </Link>
                    {g.pending ? (
                      <Badge color="amber" title="Takes effect when this member first signs in">
                        Pending
                      </Badge>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {detail.groupCount > detail.groups.length ? (
              <p className="mt-2 text-xs text-slate-500">Showing the first {detail.groups.length}.</p>
            ) : null}
          </Section>

          <Section title="Recent activity">
            {detail.activity.length === 0 ? (
              <p className="text-sm text-slate-600">No recorded activity for this member yet.</p>
            ) : (
              <>
                <ActivityList events={detail.activity} showTarget={false} />
                <p className="mt-3 text-sm">
                  <Link className={link} href={`/activity?target=${member.id}`}>
                    All activity for this member →
                  </Link>
                </p>
              </>
            )}
          </Section>
        </div>
      </div>
      ) : null}
    </>
  );
}

/** The role control for those who may change roles (Editors: non-Admins, up to Editor). */
function AccessForm({ admin, detail, manages }: { admin: CurrentMember; detail: MemberDetail; manages: boolean }) {
  const { member } = detail;
  if (!can(admin, "members.changeRole") || !manages) return null;
  return (
    <RoleForm
      memberId={member.id}
      manualRole={member.manualRole}
      assignable={assignableRoles(admin.role)}
      idpFloor={detail.idpFloor}
      idpSource={detail.idpSource}
      action={changeRoleAction}
      lastAdminNote={detail.isLastActiveAdmin}
    />
  );
}

/** What a Viewer sees of a member: the role and its source, the status and the groups. */
function ReadOnly({ detail, role }: { detail: MemberDetail; role: React.ReactNode }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Section title="Access">{role}</Section>
      <Section title={`Groups (${detail.groupCount})`}>
        {detail.groups.length === 0 ? (
          <p className="text-sm text-slate-600">Not in any group.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {detail.groups.map((g) => (
              <li key={g.id} className="py-2 text-sm">
                <Link href={`/members/groups/${g.id}`} className={`${link} break-words`}>
                  {g.displayName}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function StatusAction({ detail, isSelf }: { detail: MemberDetail; isSelf: boolean }) {
  const { member } = detail;
  const scimNote =
    member.source === "SCIM" ? (
      <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
        <strong className="font-semibold">Managed by your identity provider.</strong> This member was provisioned over SCIM, so the identity provider
        may change this back on its next sync. To make it stick, change the assignment in Okta or Entra ID too.
      </p>
    ) : null;

  if (member.active) {
    if (isSelf) return <p className="max-w-xs text-xs text-slate-600">You can&apos;t deactivate your own account.</p>;
    return (
      <ConfirmDialog
        triggerLabel="Deactivate"
        triggerClassName={button.dangerOutline}
        title={`Deactivate ${detail.name}?`}
        confirmLabel="Deactivate"
        tone="danger"
        action={setActiveAction}
        fields={{ memberId: member.id, active: "false" }}
      >
        <p>They will be signed out and won&apos;t be able to sign in. Their groups and role are kept, so reactivating restores their access.</p>
        {detail.isLastActiveAdmin ? <p className="font-medium text-red-700">This is the only active admin; Roster will refuse.</p> : null}
        {scimNote}
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      triggerLabel="Reactivate"
      triggerClassName={button.primary}
      title={`Reactivate ${detail.name}?`}
      confirmLabel="Reactivate"
      action={setActiveAction}
      fields={{ memberId: member.id, active: "true" }}
    >
      <p>
        {member.activatedAt
          ? "They have signed in before, so they become Active and can sign in again."
          : "They have never signed in, so they go back to Invited until their first sign-in."}
      </p>
      {scimNote}
    </ConfirmDialog>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className={`${card} p-5`}>
      <h2 id={id} className="mb-4 text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Fields({ rows }: { rows: [string, string | null | undefined, boolean?][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
      {rows.map(([label, value, mono]) => (
        <div key={label} className="min-w-0">
          <dt className="text-xs font-medium text-slate-600">{label}</dt>
          <dd className={`mt-0.5 break-words ${value ? "text-slate-900" : "text-slate-500"} ${mono && value ? "font-mono text-[13px]" : ""}`}>{value || "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function emailsText(emails: unknown): string | null {
  if (!Array.isArray(emails) || emails.length === 0) return null;
  return emails
    .filter((e): e is { value: string; type?: string; primary?: boolean } => !!e && typeof e === "object" && typeof (e as { value?: unknown }).value === "string")
    .map((e) => `${e.value}${e.type ? ` (${e.type}${e.primary ? ", primary" : ""})` : e.primary ? " (primary)" : ""}`)
    .join(", ");
}

function ExtraAttributes({ extra }: { extra: unknown }) {
  const entries = extra && typeof extra === "object" && !Array.isArray(extra) ? Object.keys(extra as object) : [];
  return (
    <>
      <h3 className="mt-6 text-sm font-semibold text-slate-900">Other attributes from your identity provider</h3>
      {entries.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">None.</p>
      ) : (
        <>
          <p className="mt-1 text-xs text-slate-600">Kept exactly as sent ({plural(entries.length, "attribute")}).</p>
          <pre className="mt-2 max-h-72 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100" tabIndex={0} aria-label="Other SCIM attributes (JSON)">
            {JSON.stringify(extra, null, 2)}
          </pre>
        </>
      )}
    </>
  );
}
