import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { button, card, link } from "@/components/ui/styles";
import { RelativeTime } from "@/components/ui/time";
import { requireAdmin } from "@/lib/auth/session";
import { emailOverview } from "@/lib/mail/app";
import type { InvitationState, OutboxEntry } from "@/lib/mail/outbox-list";
import { inviteMemberAction, resendInvitationAction } from "./actions";
import { InviteForm } from "./invite-form";
import { TableFrame, th } from "@/components/ui/table";

export const metadata: Metadata = { title: "Email" };

const td = "px-4 py-3 text-sm align-top";

function DeliveryBadge({ entry }: { entry: OutboxEntry }) {
  switch (entry.status) {
    case "QUEUED":
      return entry.attempts > 0 ? <Badge color="amber">Retrying</Badge> : <Badge color="slate">Queued</Badge>;
    case "SENDING":
      return <Badge color="sky">Sending</Badge>;
    case "SENT":
      return entry.logged ? (
        <Badge color="sky" title="SMTP is not configured: the message was written to the server log">
          Logged
        </Badge>
      ) : (
        <Badge color="green">Sent</Badge>
      );
    case "FAILED":
      return <Badge color="red">Failed</Badge>;
  }
}

const LINK_STATE: Record<InvitationState, string> = {
  pending: "Link not issued yet",
  open: "Link valid",
  accepted: "Accepted",
  replaced: "Replaced by a newer invitation",
  expired: "Link expired",
};

function DeliveryDetail({ entry }: { entry: OutboxEntry }) {
  if (entry.status === "SENT" && entry.sentAt) {
    return (
      <span>
        {entry.logged ? "Logged" : "Sent"} <RelativeTime date={entry.sentAt} />
        {entry.attempts > 1 ? ` after ${entry.attempts} attempts` : ""}
      </span>
    );
  }
  return (
    <div className="space-y-1">
      {entry.lastError ? <p className="break-words text-red-800">{entry.lastError}</p> : null}
      {entry.status === "QUEUED" ? (
        <p className="text-slate-600">
          {entry.attempts > 0 ? `Attempt ${entry.attempts + 1} ` : "Sending "}
          <RelativeTime date={entry.nextAttemptAt} empty="soon" />
        </p>
      ) : null}
    </div>
  );
}

export default async function EmailSettingsPage() {
  const admin = await requireAdmin("/settings/email");
  const overview = await emailOverview(admin.workspaceId);

  return (
    <>
      <PageHeader
        title="Email"
        description="Invitation emails and their delivery. Members provisioned by SCIM, and people you invite here, get an email with a one-time link to set their password."
        actions={
          <Link href="/settings/email" className={button.secondary}>
            Refresh
          </Link>
        }
      />

      <section aria-labelledby="delivery-title" className={`${card} mb-8 p-5`}>
        <h2 id="delivery-title" className="mb-2 text-base font-semibold text-slate-900">
          Delivery
        </h2>
        {overview.mode === "smtp" ? (
          <p className="text-sm text-slate-700">
            Sending through <span className="font-mono">{overview.destination}</span> as <span className="font-mono">{overview.from}</span>. Failed
            attempts are retried with increasing delays, {overview.maxAttempts} attempts in all.
          </p>
        ) : (
          <div role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <strong>SMTP is not configured</strong> (set <code>SMTP_URL</code>). Emails, invitation links included, are written to the server log instead;
            the links are never stored, so find them in the log (or resend an invitation to issue a new one).
          </div>
        )}
        <p className="mt-2 text-sm text-slate-700">
          Links point to <span className="font-mono">{overview.linkBase}</span>
          {overview.publicUrlSet ? null : (
            <>
              {" "}
              — the default. Set <code>PUBLIC_URL</code> to the address people use to reach Roster.
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="invite-title" className={`${card} mb-8 p-5`}>
        <h2 id="invite-title" className="mb-4 text-base font-semibold text-slate-900">
          Invite someone
        </h2>
        <InviteForm action={inviteMemberAction} />
      </section>

      <section aria-labelledby="outbox-title">
        <h2 id="outbox-title" className="mb-3 text-base font-semibold text-slate-900">
          Recent emails
        </h2>
        {overview.entries.length === 0 ? (
          <EmptyState title="No emails yet">
            <p>Invitations appear here when your identity provider provisions someone or you invite them above.</p>
          </EmptyState>
        ) : (
          <TableFrame label="Recent emails table">
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    Recipient
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={`${th} hidden md:table-cell`}>
                    Delivery
                  </th>
                  <th scope="col" className={`${th} hidden lg:table-cell`}>
                    Queued
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.entries.map((entry) => (
                  <tr key={entry.id} data-outbox-to={entry.toAddress} data-outbox-status={entry.status}>
                    <td className={`${td} max-w-[22rem]`}>
                      {entry.member ? (
                        <Link href={`/members/${entry.member.id}`} className={`${link} break-all`}>
                          {entry.member.displayName ?? entry.member.userName}
                        </Link>
                      ) : (
                        <span className="break-all text-slate-900">{entry.toAddress}</span>
                      )}
                      <div className="mt-0.5 text-xs break-all text-slate-500">
                        {entry.toAddress} · Invitation{entry.invitation ? ` from ${entry.invitation.invitedBy}` : ""}
                      </div>
                      <div className="mt-0.5 text-xs text-slate-500">
                        {entry.invitation ? LINK_STATE[entry.invitation.state] : entry.kind === "invitation" ? "Member deleted" : null}
                        {entry.invitation?.state === "open" && entry.invitation.expiresAt ? ` until ${formatDateTime(entry.invitation.expiresAt)}` : null}
                      </div>
                      {entry.loggedMessage && entry.invitation?.state === "open" ? (
                        <details className="mt-2 text-xs text-slate-600">
                          <summary className="cursor-pointer">Logged message (the link is in the server log only)</summary>
                          <p className="mt-1 font-medium">{entry.loggedMessage.subject}</p>
                          <pre className="mt-1 whitespace-pre-wrap">{entry.loggedMessage.text}</pre>
                        </details>
                      ) : null}
                    </td>
                    <td className={td}>
                      <DeliveryBadge entry={entry} />
                      <div className="mt-1 text-xs text-slate-600 md:hidden">
                        <DeliveryDetail entry={entry} />
                      </div>
                    </td>
                    <td className={`${td} hidden max-w-[22rem] text-slate-700 md:table-cell`}>
                      <DeliveryDetail entry={entry} />
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 lg:table-cell`}>
                      <RelativeTime date={entry.createdAt} />
                    </td>
                    <td className={`${td} text-right`}>
                      {entry.canResend && entry.member ? (
                        <ConfirmDialog
                          triggerLabel="Resend"
                          title={`Resend the invitation to ${entry.toAddress}?`}
                          confirmLabel="Resend invitation"
                          action={resendInvitationAction}
                          fields={{ memberId: entry.member.id }}
                        >
                          <p>A new email with a new link is sent. Links in earlier invitation emails stop working.</p>
                        </ConfirmDialog>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
          </TableFrame>
        )}
      </section>
    </>
  );
}
