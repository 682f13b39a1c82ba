// The invitation flow end to end against a real SMTP server in this process: queue → worker →
// email received → link extracted → accept → first sign-in activates.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { verifyPassword } from "@/lib/auth/password";
import { getGroupDetail, listMembers } from "@/lib/members";
import { InvitationRefusedError, resendInvitation as resendIn, setMemberActive, UserNameTakenError } from "@/lib/lifecycle";
import { seedGroup } from "@/lib/members/testing";
import { deliverDueEmails } from "@/lib/mail/outbox-worker";
import { createSmtpTransport, type MailTransport } from "@/lib/mail/transport";
import { BASE_URL, provisionInvitedMember, seedWorkspace, WORKER_OPTIONS } from "@/lib/mail/testing/fixtures";
import { findInvitationLink, secretOfLink } from "@/lib/mail/testing/mime";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/testing/smtp-test-server";
import { acceptFormSchema, acceptInvitation } from "./accept";
import { inspectInvitation } from "./inspect";
import { inviteMember } from "./invite-member";

const PASSWORD = "correct horse battery";
const DAY = 24 * 3600 * 1000;

describe(`invitations (${testEngine})`, () => {
  let db: Database;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  let ws: { id: string; slug: string; name: string };
  let admin: { id: string; userName: string };

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await startTestSmtpServer();
    transport = createSmtpTransport(smtp.url, "Roster <no-reply@roster.test>");
    const seeded = await seedWorkspace(db.prisma, "Acme");
    ws = seeded.workspace;
    admin = seeded.admin;
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await db?.close();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
  });

  const actor = () => ({ kind: "MEMBER" as const, id: admin.id, label: admin.userName });
  const deliver = (now = new Date()) => deliverDueEmails(db.sql, transport, now, WORKER_OPTIONS);
  /** Delivers and returns the secret of the one email sent to `to`. */
  async function secretSentTo(to: string, now = new Date()): Promise<string> {
    await deliver(now);
    const mails = smtp.messages.filter((m) => m.envelopeTo.some((a) => a.toLowerCase() === to.toLowerCase()));
    expect(mails).toHaveLength(1);
    const link = findInvitationLink(mails[0]);
    expect(link).not.toBeNull();
    return secretOfLink(link!);
  }
  const memberRow = (id: string) => db.prisma.member.findUniqueOrThrow({ where: { id } });

  it("SCIM-provisioned member: email arrives, link accepted once, first sign-in activates, groups appear", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "grace@example.com", { invitedBy: "Okta (SCIM)", displayName: "Grace Hopper" });
    const group = await seedGroup(db.prisma, ws.id, "Engineering", [member.id]);
    expect((await getGroupDetail(db.prisma, { workspaceId: ws.id, groupId: group.id }))!.members).toEqual([]);

    await deliver();
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0];
    expect(mail.envelopeTo).toEqual(["grace@example.com"]);
    expect(mail.from).toBe("Roster <no-reply@roster.test>");
    expect(mail.subject).toBe("You're invited to join Acme on Roster");
    expect(mail.text).toContain("Hello Grace Hopper,");
    expect(mail.text).toContain("Okta (SCIM) invited you to join the Acme workspace on Roster as grace@example.com.");
    expect(mail.html).toContain("<strong>Okta (SCIM)</strong>");
    const link = findInvitationLink(mail)!;
    expect(link.startsWith(`${BASE_URL}/invite/`)).toBe(true);
    expect(mail.html).toContain(`href="${link}"`);
    const secret = secretOfLink(link);

    const looked = await inspectInvitation(db.prisma, secret);
    expect(looked.ok && looked.invitation).toMatchObject({ email: "grace@example.com", workspaceName: "Acme", workspaceSlug: ws.slug, invitedBy: "Okta (SCIM)" });

    // Password rules are checked before the link is used up.
    expect(await acceptInvitation(db, { secret, password: "short" })).toEqual({ ok: false, passwordError: "Use at least 10 characters." });
    expect(await acceptInvitation(db, { secret, password: "Grace@Example.com" })).toEqual({
      ok: false,
      passwordError: "The password must not be your email address.",
    });
    expect(acceptFormSchema.safeParse({ password: PASSWORD, confirmPassword: `${PASSWORD}!` }).success).toBe(false);
    expect(acceptFormSchema.safeParse({ password: PASSWORD, confirmPassword: PASSWORD }).success).toBe(true);

    const accepted = await acceptInvitation(db, { secret, password: PASSWORD });
    expect(accepted).toEqual({ ok: true, memberId: member.id, workspaceSlug: ws.slug, email: "grace@example.com" });
    let row = await memberRow(member.id);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(row.status).toBe("INVITED"); // activation is the first sign-in, not the acceptance

    // Single use.
    expect(await acceptInvitation(db, { secret, password: `${PASSWORD}2` })).toEqual({ ok: false, problem: "used" });
    expect(await inspectInvitation(db.prisma, secret)).toEqual({ ok: false, problem: "used" });
    expect(await verifyPassword((await memberRow(member.id)).passwordHash, PASSWORD)).toBe(true);

    // First sign-in (what next-auth's credentials provider calls) activates.
    const signedIn = await signInWithPassword(db, { workspaceSlug: ws.slug, email: "grace@example.com", password: PASSWORD });
    expect(signedIn.ok).toBe(true);
    row = await memberRow(member.id);
    expect(row.status).toBe("ACTIVE");
    expect(row.activatedAt).not.toBeNull();
    expect(row.active).toBe(true); // SCIM `active` is not changed by activation
    const detail = await getGroupDetail(db.prisma, { workspaceId: ws.id, groupId: group.id });
    expect(detail!.members.map((m) => m.id)).toEqual([member.id]);
    const list = await listMembers(db.prisma, { workspaceId: ws.id, status: "active" });
    expect(list.rows.map((r) => r.id)).toContain(member.id);

    const actions = (await db.prisma.auditEvent.findMany({ where: { targetId: member.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["invitation.email_sent", "invitation.accepted", "member.activated", "member.signed_in"]);
    const acceptedAudit = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: member.id, action: "invitation.accepted" } });
    expect(JSON.stringify(acceptedAudit.details)).not.toContain(secret);
  });

  it("rejects expired, unknown and malformed links", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "late@example.com");
    const sentAt = new Date();
    const secret = await secretSentTo("late@example.com", sentAt);
    const justBefore = new Date(sentAt.getTime() + 7 * DAY - 1000);
    const expiredAt = new Date(sentAt.getTime() + 7 * DAY);
    expect((await inspectInvitation(db.prisma, secret, justBefore)).ok).toBe(true);
    expect(await inspectInvitation(db.prisma, secret, expiredAt)).toEqual({ ok: false, problem: "expired" });
    expect(await acceptInvitation(db, { secret, password: PASSWORD }, expiredAt)).toEqual({ ok: false, problem: "expired" });
    expect((await memberRow(member.id)).passwordHash).toBeNull();

    const unknown = "A".repeat(43);
    expect(await inspectInvitation(db.prisma, unknown)).toEqual({ ok: false, problem: "unknown" });
    expect(await acceptInvitation(db, { secret: unknown, password: PASSWORD })).toEqual({ ok: false, problem: "unknown" });
    expect(await inspectInvitation(db.prisma, "../../etc/passwd")).toEqual({ ok: false, problem: "unknown" });
  });

  it("an admin invites by email: INVITED manual member, invitation and queued email in one go", async () => {
    const invited = await inviteMember(db.sql, {
      workspaceId: ws.id,
      email: " Alan@Example.com ",
      givenName: " Alan ",
      familyName: "Turing",
      role: "EDITOR",
      actor: actor(),
      invitedBy: "Ada Admin",
    });
    const row = await memberRow(invited.memberId);
    expect(row).toMatchObject({ userName: "Alan@Example.com", status: "INVITED", source: "MANUAL", role: "EDITOR", active: true });
    expect(row).toMatchObject({ givenName: "Alan", familyName: "Turing", formattedName: "Alan Turing", displayName: "Alan Turing" });
    const outbox = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: invited.outboxId } });
    expect(outbox).toMatchObject({ status: "QUEUED", kind: "invitation", toAddress: "Alan@Example.com", invitationId: invited.invitationId });
    const actions = (await db.prisma.auditEvent.findMany({ where: { targetId: invited.memberId }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions.sort()).toEqual(["invitation.queued", "member.invited"]);

    const named = { givenName: "Alan", familyName: "Turing" };
    await expect(inviteMember(db.sql, { workspaceId: ws.id, email: "alan@example.COM", ...named, role: "VIEWER", actor: actor() })).rejects.toThrow(UserNameTakenError);
    await expect(inviteMember(db.sql, { workspaceId: ws.id, email: "not-an-email", ...named, role: "VIEWER", actor: actor() })).rejects.toThrow(InvitationRefusedError);
    // Both name parts are required: nothing is created without them.
    await expect(inviteMember(db.sql, { workspaceId: ws.id, email: "nameless@example.com", givenName: "Nameless", familyName: " ", role: "VIEWER", actor: actor() })).rejects.toThrow("Enter a family name.");
    await expect(inviteMember(db.sql, { workspaceId: ws.id, email: "nameless@example.com", givenName: "", familyName: "X", role: "VIEWER", actor: actor() })).rejects.toThrow("Enter a given name.");
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id, userName: "nameless@example.com" } })).toBe(0);
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id, userName: { equals: "alan@example.com", mode: "insensitive" } } })).toBe(1);

    const secret = await secretSentTo("Alan@Example.com");
    expect(smtp.messages[0].text).toContain("Hello Alan Turing,");
    expect(smtp.messages[0].text).toContain("Ada Admin invited you to join the Acme workspace");
    expect((await acceptInvitation(db, { secret, password: PASSWORD })).ok).toBe(true);
  });

  it("resend issues a new link and the old one stops working at once", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "again@example.com");
    const oldSecret = await secretSentTo("again@example.com");
    smtp.messages.length = 0;

    const resent = await resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id, invitedBy: "Ada Admin" });
    expect(resent.revoked).toBe(1);
    expect(await inspectInvitation(db.prisma, oldSecret)).toEqual({ ok: false, problem: "replaced" });

    const newSecret = await secretSentTo("again@example.com");
    expect(newSecret).not.toBe(oldSecret);
    expect(smtp.messages[0].text).toContain("Ada Admin invited you");
    expect(await acceptInvitation(db, { secret: oldSecret, password: PASSWORD })).toEqual({ ok: false, problem: "replaced" });
    expect((await acceptInvitation(db, { secret: newSecret, password: PASSWORD })).ok).toBe(true);

    const [audit] = await db.prisma.auditEvent.findMany({ where: { targetId: member.id, action: "invitation.resent" } });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toMatchObject({ revokedInvitations: 1, to: "again@example.com" });

    // Nothing to resend once they are in.
    await signInWithPassword(db, { workspaceSlug: ws.slug, email: "again@example.com", password: PASSWORD });
    await expect(resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id })).rejects.toThrow(/already accepted/);
  });

  it("a resend while the first email is still queued cancels it: only the new one is delivered", async () => {
    const { member, outboxId } = await provisionInvitedMember(db.prisma, ws.id, "queued@example.com");
    await resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id });
    const cancelled = await db.prisma.emailOutbox.findUniqueOrThrow({ where: { id: outboxId } });
    expect(cancelled.status).toBe("FAILED");
    expect(cancelled.lastError).toMatch(/superseded/);
    await secretSentTo("queued@example.com"); // exactly one email
  });

  it("a disabled member's link stops working; re-enabling sends nothing new; an admin resend does", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "off@example.com");
    const secret = await secretSentTo("off@example.com");
    smtp.messages.length = 0;

    await setMemberActive(db.sqlTransaction, { workspaceId: ws.id, actorId: admin.id, memberId: member.id, active: false });
    expect(await inspectInvitation(db.prisma, secret)).toEqual({ ok: false, problem: "disabled" });
    expect(await acceptInvitation(db, { secret, password: PASSWORD })).toEqual({ ok: false, problem: "disabled" });
    await expect(resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id })).rejects.toThrow(/deactivated/);

    const outboxBefore = await db.prisma.emailOutbox.count({ where: { invitation: { memberId: member.id } } });
    const result = await setMemberActive(db.sqlTransaction, { workspaceId: ws.id, actorId: admin.id, memberId: member.id, active: true });
    expect(result.status).toBe("INVITED");
    expect(await db.prisma.emailOutbox.count({ where: { invitation: { memberId: member.id } } })).toBe(outboxBefore);
    await deliver();
    expect(smtp.messages).toHaveLength(0);

    await resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id });
    const fresh = await secretSentTo("off@example.com");
    expect((await acceptInvitation(db, { secret: fresh, password: PASSWORD })).ok).toBe(true);
  });

  it("two simultaneous acceptances of one link: exactly one wins", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "twice@example.com");
    const secret = await secretSentTo("twice@example.com");
    const results = await Promise.all([
      acceptInvitation(db, { secret, password: "first password 1" }),
      acceptInvitation(db, { secret, password: "second password 2" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, problem: "used" }]);
    const winner = results[0].ok ? "first password 1" : "second password 2";
    expect(await verifyPassword((await memberRow(member.id)).passwordHash, winner)).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { targetId: member.id, action: "invitation.accepted" } })).toBe(1);
  });

  it("a member deleted by SCIM gets no email, and their link no longer resolves", async () => {
    const { member } = await provisionInvitedMember(db.prisma, ws.id, "gone@example.com");
    const secret = await secretSentTo("gone@example.com");
    smtp.messages.length = 0;
    await resendIn(db.sqlTransaction, { kind: "admin", actor: actor() }, { workspaceId: ws.id, memberId: member.id });
    await db.prisma.member.delete({ where: { id: member.id } });
    const report = await deliver();
    expect(report.failed).toBe(1);
    expect(smtp.messages).toHaveLength(0);
    expect(await inspectInvitation(db.prisma, secret)).toEqual({ ok: false, problem: "unknown" });
  });
});
