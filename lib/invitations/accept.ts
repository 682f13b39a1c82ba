// Accepting an invitation: the person chooses a password; the invitation is used up (single use,
// even when two submissions race) and the password is stored. Signing in — which turns INVITED
// into ACTIVE — happens next, through next-auth's credentials sign-in (lib/auth/sign-in.ts).
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { memberAddresses } from "./address";
import { inspectInvitation } from "./inspect";
import type { InvitationProblem } from "./messages";
import { hashInvitationSecret } from "./secret";

export const acceptFormSchema = z
  .object({
    password: z.string().min(1, "Choose a password.").max(1024, "That password is too long."),
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { message: "The two passwords do not match.", path: ["confirmPassword"] });

export interface AcceptInvitationInput {
  secret: string;
  password: string;
  requestId?: string | null;
}

export type AcceptInvitationResult =
  | { ok: true; memberId: string; workspaceSlug: string; email: string }
  | { ok: false; problem: InvitationProblem }
  | { ok: false; passwordError: string };

export const ACCEPTED_REASON = "cancelled: the invitation was accepted";

export async function acceptInvitation(prisma: PrismaClient, input: AcceptInvitationInput, now = new Date()): Promise<AcceptInvitationResult> {
  const found = await inspectInvitation(prisma, input.secret, now);
  if (!found.ok) return found;
  const inv = found.invitation;
  for (const address of memberAddresses({ userName: inv.email, emails: inv.emails })) {
    const problem = passwordProblem(input.password, address);
    if (problem) return { ok: false, passwordError: problem };
  }
  // Argon2 takes a while: hash before the transaction, not inside it.
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashInvitationSecret(input.secret);

  const outcome = await prisma.$transaction(async (tx) => {
    // The conditions again, as one conditional write: of two racing submissions only one matches.
    const used = await tx.invitation.updateMany({
      where: { id: inv.invitationId, tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (used.count !== 1) return "lost" as const;
    const member = await tx.member.updateMany({
      where: { id: inv.memberId, status: "INVITED" },
      data: { passwordHash },
    });
    if (member.count !== 1) throw new RollBack();
    // Any other open invitation of this member (and its queued email) is now pointless.
    await tx.invitation.updateMany({
      where: { memberId: inv.memberId, id: { not: inv.invitationId }, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    await tx.emailOutbox.updateMany({
      where: { status: "QUEUED", invitation: { memberId: inv.memberId } },
      data: { status: "FAILED", lastError: ACCEPTED_REASON, updatedAt: now },
    });
    await recordAudit(tx, {
      workspaceId: inv.workspaceId,
      actor: { kind: "MEMBER", id: inv.memberId, label: inv.email },
      action: "invitation.accepted",
      target: { type: "Member", id: inv.memberId, label: inv.email },
      requestId: input.requestId,
      details: { invitationId: inv.invitationId, invitedBy: inv.invitedBy },
    });
    return "accepted" as const;
  }).catch((error: unknown) => {
    if (error instanceof RollBack) return "lost" as const;
    throw error;
  });

  if (outcome === "lost") {
    // Someone else changed it in the meantime (used, replaced, disabled...): say what happened.
    const again = await inspectInvitation(prisma, input.secret, now);
    return again.ok ? { ok: false, problem: "used" } : again;
  }
  return { ok: true, memberId: inv.memberId, workspaceSlug: inv.workspaceSlug, email: inv.email };
}

class RollBack extends Error {}
