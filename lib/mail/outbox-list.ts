// The outbox as admins see it on Settings → Email: recent messages with delivery status and the
// state of the invitation each carries.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberStatus, OutboxStatus } from "@/lib/generated/prisma/enums";
import { LINK_PLACEHOLDER } from "./outbox-worker";

export type InvitationState = "pending" | "open" | "accepted" | "replaced" | "expired";

export interface OutboxEntry {
  id: string;
  kind: string;
  toAddress: string;
  status: OutboxStatus;
  /** Sent without SMTP: written to the server log (development). */
  logged: boolean;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  sentAt: Date | null;
  createdAt: Date;
  member: { id: string; userName: string; displayName: string | null; status: MemberStatus } | null;
  invitation: { id: string; state: InvitationState; expiresAt: Date | null; invitedBy: string } | null;
  /** Only without SMTP: the logged message, link included (see outbox-worker.ts). */
  /** A logged email as stored: its link replaced by a placeholder (the link is only in the server log). */
  loggedMessage: { subject: string; text: string } | null;
  /** The member can be sent a new invitation from this row (they are still INVITED and this is their latest). */
  canResend: boolean;
}

export async function listOutbox(prisma: PrismaClient, workspaceId: string, options: { limit?: number; now?: Date } = {}): Promise<OutboxEntry[]> {
  const now = options.now ?? new Date();
  const rows = await prisma.emailOutbox.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.limit ?? 100, 1), 500),
    select: {
      id: true,
      kind: true,
      toAddress: true,
      status: true,
      attempts: true,
      lastError: true,
      nextAttemptAt: true,
      sentAt: true,
      createdAt: true,
      payload: true,
      invitation: {
        select: {
          id: true,
          invitedBy: true,
          tokenHash: true,
          expiresAt: true,
          acceptedAt: true,
          revokedAt: true,
          member: { select: { id: true, userName: true, displayName: true, status: true } },
        },
      },
    },
  });
  const seenMembers = new Set<string>();
  return rows.map((row) => {
    const inv = row.invitation;
    const payload = (row.payload ?? {}) as { transport?: unknown; loggedMessage?: { subject?: unknown; text?: unknown } };
    const lm = payload.loggedMessage;
    const member = inv?.member ?? null;
    // Rows are newest first: only a member's latest email offers "Resend".
    const latest = member ? !seenMembers.has(member.id) : false;
    if (member) seenMembers.add(member.id);
    return {
      id: row.id,
      kind: row.kind,
      toAddress: row.toAddress,
      status: row.status,
      logged: payload.transport === "log",
      attempts: row.attempts,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt,
      sentAt: row.sentAt,
      createdAt: row.createdAt,
      member,
      invitation: inv ? { id: inv.id, invitedBy: inv.invitedBy, expiresAt: inv.expiresAt, state: invitationState(inv, now) } : null,
      loggedMessage:
        lm && typeof lm.subject === "string" && typeof lm.text === "string"
          ? // Rows written before links were kept out of the database may still hold one: never show it.
            { subject: lm.subject, text: lm.text.replace(/https?:\/\/\S*\/invite\/[A-Za-z0-9_-]{43}/g, LINK_PLACEHOLDER) }
          : null,
      canResend: latest && member?.status === "INVITED" && row.status !== "SENDING",
    };
  });
}

function invitationState(
  inv: { tokenHash: string | null; expiresAt: Date | null; acceptedAt: Date | null; revokedAt: Date | null },
  now: Date,
): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "replaced";
  if (!inv.tokenHash) return "pending";
  if (!inv.expiresAt || inv.expiresAt <= now) return "expired";
  return "open";
}
