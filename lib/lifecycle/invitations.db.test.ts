// Ending a member's open invitations: the right rows change (unsent emails marked FAILED with the
// reason), and the outbox is read by invitation id even when the statistics say no email is
// queued while thousands are (an IdP push).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { seedMember, seedWorkspace } from "@/lib/members/testing";
import { CANCELLED, queueInvitation, revokeOpenInvitations, revokeOpenInvitationsSql } from "./invitations";

describe(`revokeOpenInvitations (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    workspaceId = (await seedWorkspace(db.prisma, "Cancel")).workspace.id;
  });
  afterAll(async () => db?.close());

  const invite = async (userName: string) => {
    const member = await seedMember(db.prisma, workspaceId, { userName });
    const queued = await queueInvitation(db.sql, { workspaceId, memberId: member.id, invitedBy: "Okta", toAddress: userName });
    return { member, ...queued };
  };

  it("revokes only the member's open invitations and cancels only their unsent emails, saying why", async () => {
    const ada = await invite("ada@cancel.test");
    const sent = await queueInvitation(db.sql, { workspaceId, memberId: ada.member.id, invitedBy: "Okta", toAddress: "ada@cancel.test" });
    await db.prisma.emailOutbox.update({ where: { id: sent.outboxId }, data: { status: "SENT", sentAt: new Date() } });
    const grace = await invite("grace@cancel.test");

    expect(await revokeOpenInvitations(db.sql, { workspaceId, memberId: ada.member.id, reason: "deprovisioned" })).toBe(2);
    expect(await db.prisma.invitation.count({ where: { memberId: ada.member.id, revokedAt: null } })).toBe(0);
    expect(await db.prisma.emailOutbox.findUnique({ where: { id: ada.outboxId } })).toMatchObject({ status: "FAILED", lastError: CANCELLED.deprovisioned });
    expect(await db.prisma.emailOutbox.findUnique({ where: { id: sent.outboxId } })).toMatchObject({ status: "SENT" });
    expect(await db.prisma.emailOutbox.findUnique({ where: { id: grace.outboxId } })).toMatchObject({ status: "QUEUED" });
    expect(await db.prisma.invitation.findUnique({ where: { id: grace.invitationId } })).toMatchObject({ revokedAt: null });
    expect(await revokeOpenInvitations(db.sql, { workspaceId, memberId: ada.member.id, reason: "deprovisioned" })).toBe(0);
  });

  it("finds the emails by invitation id, not by walking the queued ones", async () => {
    // Statistics taken with nothing queued, then a push's worth of queued emails.
    await db.prisma.$executeRawUnsafe(`ANALYZE "EmailOutbox"`);
    await db.prisma.$executeRaw`
      INSERT INTO "EmailOutbox" ("workspaceId", "kind", "toAddress", "status")
      SELECT ${workspaceId}::uuid, 'invitation', 'queued' || i || '@cancel.test', 'QUEUED' FROM generate_series(1, 3000) AS i`;
    const [{ id }] = await db.prisma.$queryRaw<{ id: string }[]>`SELECT "id"::text FROM "Member" WHERE "workspaceId" = ${workspaceId}::uuid LIMIT 1`;
    const plan = (await db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${revokeOpenInvitationsSql({ workspaceId, memberId: id, reason: "deprovisioned" }, new Date())}`))
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan).toContain("EmailOutbox_invitationId_idx");
    expect(plan).not.toContain("EmailOutbox_status_nextAttemptAt_idx");
  });
});
