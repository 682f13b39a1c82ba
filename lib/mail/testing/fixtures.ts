// Shared set-up for the invitation and outbox *.db.test.ts files: a workspace with an admin, and
// SCIM-style provisioned members with their queued invitation (the way SCIM create queues them).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { queueInvitation } from "@/lib/lifecycle/invitations";
import { seedMember, seedWorkspace } from "@/lib/members/testing";
import type { DeliveryOptions } from "../outbox-worker";

export const BASE_URL = "https://roster.test";
export const WORKER_OPTIONS: DeliveryOptions = { baseUrl: BASE_URL, ttlDays: 7, log: () => {} };

export { seedWorkspace };

/** An INVITED member (as SCIM provisioning creates one) and its queued invitation email. */
export async function provisionInvitedMember(
  prisma: PrismaClient,
  workspaceId: string,
  userName: string,
  options: { invitedBy?: string; displayName?: string } = {},
) {
  const member = await seedMember(prisma, workspaceId, { userName, displayName: options.displayName ?? null, status: "INVITED", source: "SCIM" });
  const queued = await prisma.$transaction((tx) =>
    queueInvitation(tx, { workspaceId, memberId: member.id, invitedBy: options.invitedBy ?? "Okta provisioning", toAddress: userName }),
  );
  return { member, ...queued };
}

/** Every text column of the invitation, outbox and audit tables, to prove a secret is nowhere in the database. */
export async function databaseText(prisma: PrismaClient): Promise<string> {
  const rows = await prisma.$queryRaw<{ t: string }[]>`
    SELECT coalesce(string_agg(row_to_json(i)::text, ' '), '') AS t FROM "Invitation" i
    UNION ALL SELECT coalesce(string_agg(row_to_json(o)::text, ' '), '') FROM "EmailOutbox" o
    UNION ALL SELECT coalesce(string_agg(row_to_json(a)::text, ' '), '') FROM "AuditEvent" a
    UNION ALL SELECT coalesce(string_agg(row_to_json(m)::text, ' '), '') FROM "Member" m`;
  return rows.map((r) => r.t).join(" ");
}
