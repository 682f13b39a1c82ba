// Who is making a change and through which door. Every transition takes one, so its audit event
// names the actor and the request, and the event's action keeps the door's vocabulary: the SCIM
// API's events read `scim.user.*` (what the IdP asked for, matching its failure events), the
// admin UI's `member.*`. The rule that runs is the same whatever the door.
import type { Actor } from "@/lib/audit";

export type DoorKind = "scim" | "admin" | "invitation" | "sign-in" | "sso" | "cli";

export interface Door {
  kind: DoorKind;
  actor: Actor;
  requestId?: string | null;
}

export type MemberVerb = "created" | "updated" | "deactivated" | "reactivated" | "deleted";

export function memberAction(door: Door, verb: MemberVerb): string {
  return door.kind === "scim" ? `scim.user.${verb}` : `member.${verb}`;
}
