import { describe, expect, it } from "vitest";
import { escapeHtml, formatExpiry, renderInvitationEmail, renderSsoInvitationEmail } from "./invitation";

const base = {
  workspaceName: "Acme <Labs>",
  invitedBy: "Ada \"the admin\" Lovelace",
  recipientName: "Grace",
  recipientEmail: "grace@example.com",
  link: "https://roster.example.com/invite/abc_DEF-123",
  expiresAt: new Date(Date.UTC(2026, 11, 7, 14, 5)),
};

describe("renderInvitationEmail", () => {
  it("says who invited whom to which workspace, with the link and expiry, in both parts", () => {
    const email = renderInvitationEmail(base);
    expect(email.subject).toBe("You're invited to join Acme <Labs> on Roster");
    expect(email.text).toContain("Hello Grace,");
    expect(email.text).toContain('Ada "the admin" Lovelace invited you to join the Acme <Labs> workspace on Roster as grace@example.com.');
    expect(email.text).toContain(`\n${base.link}\n`);
    expect(email.text).toContain("expires on Monday, 7 December 2026 at 14:05 UTC");
    expect(email.text).toContain("ask your administrator to resend the invitation");
    expect(email.html).toContain(`href="${base.link}"`);
    expect(email.html).toContain("<strong>Ada &quot;the admin&quot; Lovelace</strong>");
    expect(email.html).toContain("<strong>Acme &lt;Labs&gt;</strong>");
    expect(email.html).not.toContain("Acme <Labs>");
  });

  it("greets without a name and keeps header-bound values on one line", () => {
    const email = renderInvitationEmail({ ...base, recipientName: null, workspaceName: "Evil\r\nBcc: x@y.z" });
    expect(email.text.startsWith("Hello,\n")).toBe(true);
    expect(email.subject).toBe("You're invited to join Evil Bcc: x@y.z on Roster");
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it("escapes HTML and formats the expiry in UTC", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(formatExpiry(new Date(Date.UTC(2027, 0, 1, 0, 0)))).toBe("Friday, 1 January 2027 at 00:00 UTC");
  });
});

describe("renderSsoInvitationEmail", () => {
  it("asks the person to sign in with the IdP, links to the workspace's sign-in page and mentions no password", () => {
    const email = renderSsoInvitationEmail({ ...base, link: "https://roster.example.com/sign-in/acme", idpName: "Okta <Prod>" });
    expect(email.text).toContain('choose "Sign in with Okta <Prod>"');
    expect(email.text).toContain("\nhttps://roster.example.com/sign-in/acme\n");
    expect(email.text).not.toContain("choose a password");
    expect(email.html).toContain(">Sign in with Okta &lt;Prod&gt;</a>");
  });
});
