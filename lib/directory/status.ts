// A member's lifecycle status, shared by SCIM, the admin UI and sign-in so they agree:
// INVITED until the first sign-in, then ACTIVE; `active: false` (SCIM or admin) → DISABLED;
// re-enabling returns to ACTIVE if they ever signed in, else to INVITED.
import type { MemberStatus } from "@/lib/generated/prisma/enums";

export function statusForActive(active: boolean, member: { activatedAt: Date | null }): MemberStatus {
  if (!active) return "DISABLED";
  return member.activatedAt ? "ACTIVE" : "INVITED";
}

export const canSignIn = (status: MemberStatus) => status !== "DISABLED";
