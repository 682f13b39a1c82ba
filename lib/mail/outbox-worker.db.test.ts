import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openPostgres } from "@/lib/db/engines";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { inspectInvitation } from "@/lib/invitations/inspect";
import { hashInvitationSecret } from "@/lib/lifecycle/invitation-secret";
import { claimDueEmails, deliverDueEmails, LINK_PLACEHOLDER } from "./outbox-worker";
import { listOutbox } from "./outbox-list";
import { createLogTransport, createSmtpTransport, type MailTransport } from "./transport";
import { databaseText, provisionInvitedMember, seedWorkspace, WORKER_OPTIONS } from "./testing/fixtures";
import { findInvitationLink, secretOfLink } from "./testing/mime";
import { startTestSmtpServer, type TestSmtpServer } from "./testing/smtp-test-server";

const SECOND = 1000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe(`email outbox worker (${testEngine})`, () => {
  let db: Database;
  let smtp: TestSmtpServer;
  let transport: MailTransport;
  let workspaceId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await startTestSmtpServer();
    transport = createSmtpTransport(smtp.url, "Roster <no-reply@roster.test>");
    workspaceId = (await seedWorkspace(db.prisma, "Outbox")).workspace.id;
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await db?.close();
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox, a healthy server and an empty mailbox.
    await db.prisma.emailOutbox.deleteMany({});
    smtp.messages.length = 0;
    smtp.rejectWith = null;
    smtp.delayMs = 0;
    await smtp.start();
  });

  const row = (id: string) => db.prisma.emailOutbox.findUniqueOrThrow({ where: { id } });
  const audits = (action: string, memberId: string) =>
    db.prisma.auditEvent.findMany({ where: { action, targetId: memberId }, orderBy: { createdAt: "asc" } });

  it("retries while SMTP is down, then delivers exactly once when it comes back", async () => {
    const { member, outboxId, invitationId } = await provisionInvitedMember(db.prisma, workspaceId, "down@example.com");
    await smtp.stop();
    const t0 = new Date();

    const first = await deliverDueEmails(db.sql, transport, t0, WORKER_OPTIONS);
    expect(first).toEqual({ claimed: 1, sent: 0, retrying: 1, failed: 0 });
    let r = await row(outboxId);
    expect(r.status).toBe("QUEUED");
    expect(r.attempts).toBe(1);
    expect(r.nextAttemptAt.getTime()).toBe(t0.getTime() + 30 * SECOND);
    expect(r.lockedUntil).toBeNull();
    expect(r.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    const hashAfterFirst = (await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).tokenHash;
    expect(hashAfterFirst).not.toBeNull();

    // Not due yet: the backoff is respected.
    expect((await deliverDueEmails(db.sql, transport, at(t0, 29 * SECOND), WORKER_OPTIONS)).claimed).toBe(0);
    // Second failure doubles the delay.
    expect((await deliverDueEmails(db.sql, transport, at(t0, 30 * SECOND), WORKER_OPTIONS)).retrying).toBe(1);
    r = await row(outboxId);
    expect(r.attempts).toBe(2);
    expect(r.nextAttemptAt.getTime()).toBe(t0.getTime() + 90 * SECOND);

    await smtp.start();
    const third = await deliverDueEmails(db.sql, transport, at(t0, 90 * SECOND), WORKER_OPTIONS);
    expect(third).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
    r = await row(outboxId);
    expect(r.status).toBe("SENT");
    expect(r.attempts).toBe(3);
    expect(r.sentAt?.getTime()).toBe(t0.getTime() + 90 * SECOND);
    expect(r.lastError).toBeNull();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].headers["x-roster-outbox-id"]).toBe(outboxId);

    // The link in the delivered email is the one that works (each rendering issued a new secret).
    const secret = secretOfLink(findInvitationLink(smtp.messages[0])!);
    const stored = await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(stored.tokenHash).toBe(hashInvitationSecret(secret));
    expect(stored.tokenHash).not.toBe(hashAfterFirst);
    expect(stored.expiresAt?.getTime()).toBe(t0.getTime() + 90 * SECOND + 7 * 24 * 3600 * SECOND);

    // Sent is final: later runs send nothing more.
    await deliverDueEmails(db.sql, transport, at(t0, 3600 * SECOND), WORKER_OPTIONS);
    expect(smtp.messages).toHaveLength(1);

    const failed = await audits("invitation.email_failed", member.id);
    expect(failed.map((a) => (a.details as { willRetry: boolean }).willRetry)).toEqual([true, true]);
    expect(failed[0].outcome).toBe("FAILURE");
    expect((failed[0].details as { reason: string }).reason).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
    expect(await audits("invitation.email_sent", member.id)).toHaveLength(1);
  });

  it("marks FAILED after the last attempt, and at once on a permanent (5xx) rejection", async () => {
    const down = await provisionInvitedMember(db.prisma, workspaceId, "never@example.com");
    smtp.rejectWith = 451; // temporary
    const t0 = new Date();
    const options = { ...WORKER_OPTIONS, policy: { maxAttempts: 3 } };
    for (let i = 0, t = t0; i < 3; i++) {
      await deliverDueEmails(db.sql, transport, t, options);
      t = (await row(down.outboxId)).nextAttemptAt;
    }
    let r = await row(down.outboxId);
    expect(r.status).toBe("FAILED");
    expect(r.attempts).toBe(3);
    expect(r.lastError).toMatch(/451.*gave up after 3 attempts/);
    const failed = await audits("invitation.email_failed", down.member.id);
    expect(failed.map((a) => (a.details as { willRetry: boolean }).willRetry)).toEqual([true, true, false]);

    smtp.rejectWith = 550;
    const rejected = await provisionInvitedMember(db.prisma, workspaceId, "bounce@example.com");
    const report = await deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS);
    expect(report).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 1 });
    r = await row(rejected.outboxId);
    expect(r.status).toBe("FAILED");
    expect(r.attempts).toBe(1);
    expect(r.lastError).toMatch(/550/);
    expect(smtp.messages).toHaveLength(0);
  });

  it("reclaims a row whose worker died mid-send once its lease expires, and delivers it once", async () => {
    const { outboxId } = await provisionInvitedMember(db.prisma, workspaceId, "crash@example.com");
    const t0 = new Date();
    // A worker claims the row and dies before sending anything.
    const claimed = await claimDueEmails(db.sql, t0, { batchSize: 10, leaseMs: 5 * 60 * SECOND });
    expect(claimed.map((c) => c.id)).toEqual([outboxId]);
    expect((await row(outboxId)).status).toBe("SENDING");

    // While the lease runs, nobody else touches it.
    expect((await deliverDueEmails(db.sql, transport, at(t0, 60 * SECOND), WORKER_OPTIONS)).claimed).toBe(0);
    // After it, another worker takes over.
    const report = await deliverDueEmails(db.sql, transport, at(t0, 5 * 60 * SECOND + 1), WORKER_OPTIONS);
    expect(report.sent).toBe(1);
    const r = await row(outboxId);
    expect(r.status).toBe("SENT");
    expect(r.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
  });

  it("claims expired leases first, then the longest-waiting queued rows, never more than a batch", async () => {
    const t0 = new Date();
    const rows = [];
    for (let i = 0; i < 6; i++) rows.push(await provisionInvitedMember(db.prisma, workspaceId, `order${i}@example.com`));
    // Queued at distinct times, newest first, so queue order differs from insertion order.
    for (const [i, r] of rows.entries()) {
      await db.prisma.emailOutbox.update({ where: { id: r.outboxId }, data: { nextAttemptAt: at(t0, -(i + 1) * SECOND) } });
    }
    const lease = { batchSize: 2, leaseMs: 60 * SECOND };
    // Two rows claimed by a worker that then dies: the oldest two.
    const crashed = await claimDueEmails(db.sql, t0, lease);
    expect(crashed.map((c) => c.id).sort()).toEqual([rows[5].outboxId, rows[4].outboxId].sort());
    // Not yet expired: the next claim takes the next two in queue order.
    expect((await claimDueEmails(db.sql, at(t0, SECOND), { ...lease, batchSize: 2 })).map((c) => c.id).sort()).toEqual(
      [rows[3].outboxId, rows[2].outboxId].sort(),
    );
    // Once every lease ran out: a batch of 3 is the 2 + 2 expired rows' first 3 — expired before
    // queued, and no more than the batch.
    const later = at(t0, 2 * 60 * SECOND);
    const third = await claimDueEmails(db.sql, later, { ...lease, batchSize: 3 });
    expect(third).toHaveLength(3);
    expect(third.every((c) => c.attempts === 2)).toBe(true);
    const fourth = await claimDueEmails(db.sql, later, { ...lease, batchSize: 3 });
    // One expired row left, then the queued ones (attempt 1), oldest first.
    expect(fourth.map((c) => c.attempts).sort()).toEqual([1, 1, 2]);
    expect(fourth.filter((c) => c.attempts === 1).map((c) => c.id).sort()).toEqual([rows[1].outboxId, rows[0].outboxId].sort());
    expect(await claimDueEmails(db.sql, later, lease)).toEqual([]);
  });

  it("a worker that lost its claim while sending records nothing: the new owner's state stands", async () => {
    const { member, outboxId } = await provisionInvitedMember(db.prisma, workspaceId, "slow@example.com");
    smtp.delayMs = 300;
    const sending = deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS);
    // While the SMTP server is slow, another worker takes the row over (its lease ran out).
    for (let i = 0; i < 50 && (await row(outboxId)).status !== "SENDING"; i++) await new Promise((r) => setTimeout(r, 10));
    await db.prisma.emailOutbox.update({ where: { id: outboxId }, data: { attempts: { increment: 1 } } });
    const report = await sending;
    expect(report).toEqual({ claimed: 1, sent: 0, retrying: 0, failed: 0 });
    const r = await row(outboxId);
    expect(r.status).toBe("SENDING"); // the new owner's claim, untouched
    expect(r.attempts).toBe(2);
    expect(r.sentAt).toBeNull();
    expect(await audits("invitation.email_sent", member.id)).toEqual([]);
  });

  it("does not send when the member was deleted, disabled or has already accepted", async () => {
    const deleted = await provisionInvitedMember(db.prisma, workspaceId, "deleted@example.com");
    const disabled = await provisionInvitedMember(db.prisma, workspaceId, "disabled@example.com");
    const active = await provisionInvitedMember(db.prisma, workspaceId, "active@example.com");
    // SCIM DELETE: the member goes, the invitation cascades, the outbox row stays with invitationId null.
    await db.prisma.member.delete({ where: { id: deleted.member.id } });
    expect((await row(deleted.outboxId)).invitationId).toBeNull();
    await db.prisma.member.update({ where: { id: disabled.member.id }, data: { status: "DISABLED", active: false } });
    await db.prisma.member.update({ where: { id: active.member.id }, data: { status: "ACTIVE", activatedAt: new Date() } });

    const report = await deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS);
    expect(report).toEqual({ claimed: 3, sent: 0, retrying: 0, failed: 3 });
    expect(smtp.messages).toHaveLength(0);
    expect((await row(deleted.outboxId)).lastError).toBe("not sent: the member was deleted");
    expect((await row(disabled.outboxId)).lastError).toBe("not sent: the member is disabled");
    expect((await row(active.outboxId)).lastError).toBe("not sent: the member is already active");
    // The deleted member's failure is still on record, against their (former) id.
    const [audit] = await audits("invitation.email_failed", deleted.member.id);
    expect((audit.details as { reason: string }).reason).toBe("not sent: the member was deleted");
    // No link was ever issued for the disabled member.
    expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: disabled.invitationId } })).tokenHash).toBeNull();
  });

  it("keeps the link's secret out of the database when sending over SMTP", async () => {
    const { invitationId } = await provisionInvitedMember(db.prisma, workspaceId, "secret@example.com");
    await deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS);
    const secret = secretOfLink(findInvitationLink(smtp.messages[0])!);
    expect(secret).toHaveLength(43);
    expect(await databaseText(db.prisma)).not.toContain(secret);
    expect((await db.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } })).tokenHash).toBe(hashInvitationSecret(secret));
    const [entry] = await listOutbox(db.prisma, workspaceId);
    expect(entry.loggedMessage).toBeNull();
    expect(entry.logged).toBe(false);
  });

  it("without SMTP, writes the message to the log and keeps it for the outbox page without its link", async () => {
    const { member, outboxId } = await provisionInvitedMember(db.prisma, workspaceId, "dev@example.com", { invitedBy: "Ada Admin" });
    const lines: string[] = [];
    const log = createLogTransport("Roster <no-reply@roster.test>", (line) => lines.push(line));
    const now = new Date();
    const report = await deliverDueEmails(db.sql, log, now, WORKER_OPTIONS);
    expect(report.sent).toBe(1);
    expect(smtp.messages).toHaveLength(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("To: dev@example.com");
    expect(lines[0]).toContain("Ada Admin invited you to join the Outbox workspace");
    const link = findInvitationLink({ text: lines[0] })!;
    expect(link.startsWith("https://roster.test/invite/")).toBe(true);

    const r = await row(outboxId);
    expect(r.status).toBe("SENT");
    const [entry] = await listOutbox(db.prisma, workspaceId);
    expect(entry.id).toBe(outboxId);
    expect(entry.logged).toBe(true);
    // The working link is in the log (the email) only: never in the database.
    expect(await databaseText(db.prisma)).not.toContain(secretOfLink(link));
    expect(entry.loggedMessage?.text).toContain(LINK_PLACEHOLDER);
    expect(entry.loggedMessage?.text).toContain("Ada Admin invited you");
    expect(entry.member?.id).toBe(member.id);
    expect(entry.invitation?.state).toBe("open");
    // And the logged link is a working one.
    expect((await inspectInvitation(db.prisma, secretOfLink(link), now)).ok).toBe(true);
    const [sent] = await audits("invitation.email_sent", member.id);
    expect((sent.details as { via: string }).via).toContain("server log");
  });

  it("two workers claiming at the same time never send a message twice", async () => {
    const N = 24;
    const queued = [];
    for (let i = 0; i < N; i++) queued.push(await provisionInvitedMember(db.prisma, workspaceId, `race${i}@example.com`));
    smtp.delayMs = 15;
    // On PostgreSQL the second worker is a separate client with its own connection pool, like a second app instance.
    const url = (db as Database & { url?: string }).url;
    const other = testEngine === "postgres" && url ? openPostgres(url, 4) : null;
    const transportB = createSmtpTransport(smtp.url, "Roster <no-reply@roster.test>");
    try {
      const options = { ...WORKER_OPTIONS, policy: { batchSize: 3 } };
      const now = new Date();
      const [a, b] = await Promise.all([
        deliverDueEmails(db.sql, transport, now, options),
        deliverDueEmails(other?.sql ?? db.sql, transportB, now, options),
      ]);
      expect(a.sent + b.sent).toBe(N);
      expect(a.claimed + b.claimed).toBe(N);
      if (testEngine === "postgres") expect(Math.min(a.sent, b.sent)).toBeGreaterThan(0); // both really worked
    } finally {
      transportB.close();
      await other?.close();
    }
    const ids = smtp.messages.map((m) => m.headers["x-roster-outbox-id"]);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    const rows = await db.prisma.emailOutbox.findMany({ where: { id: { in: queued.map((q) => q.outboxId) } } });
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1)).toBe(true);
  });

  it("when the workspace requires SSO, a SCIM-provisioned member's invitation says 'Sign in with <IdP>' and links to the SSO sign-in, not a password page", async () => {
    const { workspace } = await seedWorkspace(db.prisma, "Outbox SSO");
    await db.prisma.workspace.update({ where: { id: workspace.id }, data: { requireSso: true } });
    await db.prisma.ssoConnection.create({ data: { workspaceId: workspace.id, protocol: "SAML", displayName: "Okta", samlCertificates: [] } });
    await provisionInvitedMember(db.prisma, workspace.id, "sso-invitee@example.com");
    expect((await deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS)).sent).toBe(1);
    const mail = smtp.messages[0];
    expect(mail.text).toContain('choose "Sign in with Okta"');
    expect(mail.text).toContain(`/sign-in/${workspace.slug}`);
    expect(mail.text).not.toContain("/invite/");
    expect(mail.text).toContain("There is no password to set");

    // Without Require SSO the same member would get the set-a-password invitation.
    await db.prisma.workspace.update({ where: { id: workspace.id }, data: { requireSso: false } });
    await provisionInvitedMember(db.prisma, workspace.id, "password-invitee@example.com");
    await deliverDueEmails(db.sql, transport, new Date(), WORKER_OPTIONS);
    expect(findInvitationLink(smtp.messages[1])).toMatch(/\/invite\//);
  });
});
