// Accepting an invitation: the person chooses a password; the invitation is used up (single use,
// even when two submissions race) and the password is stored. Signing in — which turns INVITED
// into ACTIVE — happens next, through next-auth's credentials sign-in (lib/auth/sign-in.ts).
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { hashPassword, memberPasswordProblem } from "@/lib/auth/password";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { acceptInvitation as spendInvitation } from "@/lib/lifecycle";
import { inspectInvitation } from "./inspect";
import type { InvitationProblem } from "./messages";
import { hashInvitationSecret } from "@/lib/lifecycle/invitation-secret";

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

export async function acceptInvitation(
  db: { prisma: PrismaClient; sqlTransaction: RawSqlTransaction },
  input: AcceptInvitationInput,
  now = new Date(),
): Promise<AcceptInvitationResult> {
  const found = await inspectInvitation(db.prisma, input.secret, now);
  if (!found.ok) return found;
  const inv = found.invitation;
  const problem = memberPasswordProblem(input.password, { userName: inv.email, emails: inv.emails });
  if (problem) return { ok: false, passwordError: problem };
  // Argon2 takes a while: hash before the transaction, not inside it.
  const passwordHash = await hashPassword(input.password);
  const actor = { kind: "MEMBER" as const, id: inv.memberId, label: inv.email };
  const accepted = await spendInvitation(db.sqlTransaction, { kind: "invitation", actor, requestId: input.requestId }, {
    workspaceId: inv.workspaceId,
    invitationId: inv.invitationId,
    memberId: inv.memberId,
    email: inv.email,
    invitedBy: inv.invitedBy,
    tokenHash: hashInvitationSecret(input.secret),
    passwordHash,
  }, now);
  if (!accepted) {
    // Someone else changed it in the meantime (used, replaced, disabled...): say what happened.
    const again = await inspectInvitation(db.prisma, input.secret, now);
    return again.ok ? { ok: false, problem: "used" } : again;
  }
  return { ok: true, memberId: inv.memberId, workspaceSlug: inv.workspaceSlug, email: inv.email };
}
