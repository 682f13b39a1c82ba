// The invitation email: plain text and HTML, built at send time (the link's secret exists only
// in memory and in the message, never in the database).
export interface InvitationEmailInput {
  workspaceName: string;
  /** The admin's name or the provisioning API token's name. */
  invitedBy: string;
  recipientName: string | null;
  recipientEmail: string;
  link: string;
  expiresAt: Date;
  /** Only for the SSO variant: the identity provider's name ("Sign in with <idpName>"). */
  idpName?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** "Monday, 7 December 2026 at 14:05 UTC": unambiguous in any reader's time zone. */
export function formatExpiry(date: Date): string {
  const day = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(date);
  const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(date);
  return `${day} at ${time} UTC`;
}

// Header values must not carry line breaks; names come from IdPs and admins.
const oneLine = (value: string) => value.replace(/[\r\n]+/g, " ").trim();

/** What differs between the two invitations: the call to action and the closing lines. */
interface InvitationWording {
  instruction: string;
  button: string;
  /** Plain-text lines after the link (the HTML joins them into one paragraph or two). */
  closing: string[];
  closingHtml: string;
}

export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const expiry = formatExpiry(input.expiresAt);
  const e = escapeHtml;
  return renderInvitation(input, {
    instruction: "To accept, open this link and choose a password:",
    button: "Accept the invitation",
    closing: [
      `The link works once and expires on ${expiry}.`,
      "If it has expired, ask your administrator to resend the invitation.",
      "If you were not expecting this invitation, you can ignore this email.",
    ],
    closingHtml:
      `<p style="margin:0 0 8px;font-size:14px;color:#475569">The link works once and expires on ${e(expiry)}. If it has expired, ask your administrator to resend the invitation.</p>\n` +
      `<p style="margin:0;font-size:14px;color:#475569">If you were not expecting this invitation, you can ignore this email.</p>`,
  });
}

/**
 * The variant for a workspace that requires SSO: no password to choose — the person signs in with
 * the identity provider, and that first sign-in makes them Active. `link` is the workspace's
 * sign-in page (/sign-in/<slug>), which starts the SSO sign-in.
 */
export function renderSsoInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const workspace = oneLine(input.workspaceName);
  const idp = oneLine(input.idpName || "your identity provider");
  const e = escapeHtml;
  return renderInvitation(input, {
    instruction: `${workspace} signs in with ${idp}. To join, open this link and choose "Sign in with ${idp}":`,
    button: `Sign in with ${idp}`,
    closing: [
      `There is no password to set: your first sign-in with ${idp} completes the invitation.`,
      "If you were not expecting this invitation, you can ignore this email.",
    ],
    closingHtml: `<p style="margin:0;font-size:14px;color:#475569">There is no password to set: your first sign-in with ${e(idp)} completes the invitation. If you were not expecting this invitation, you can ignore this email.</p>`,
  });
}

function renderInvitation(input: InvitationEmailInput, wording: InvitationWording): RenderedEmail {
  const workspace = oneLine(input.workspaceName);
  const inviter = oneLine(input.invitedBy);
  const greeting = input.recipientName?.trim() ? `Hello ${oneLine(input.recipientName)},` : "Hello,";
  const subject = `You're invited to join ${workspace} on Roster`;

  const text = [
    greeting,
    "",
    `${inviter} invited you to join the ${workspace} workspace on Roster as ${input.recipientEmail}.`,
    "",
    wording.instruction,
    "",
    input.link,
    "",
    ...wording.closing,
    "",
  ].join("\n");

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px">
<tr><td style="padding:32px">
<p style="margin:0 0 16px">${e(greeting)}</p>
<p style="margin:0 0 16px"><strong>${e(inviter)}</strong> invited you to join the <strong>${e(workspace)}</strong> workspace on Roster as ${e(input.recipientEmail)}.</p>
<p style="margin:24px 0"><a href="${e(input.link)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:6px">${e(wording.button)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#475569">Or paste this link into your browser:<br><a href="${e(input.link)}" style="color:#4f46e5;word-break:break-all">${e(input.link)}</a></p>
${wording.closingHtml}
</td></tr>
</table>
</body>
</html>
`;
  return { subject, text, html };
}
