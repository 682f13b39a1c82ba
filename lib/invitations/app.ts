// Invitation entry points for pages and server actions, on the process database (app/ never
// touches the Prisma client). Permission checks happen in the actions (permittedAction).
import { getDatabase, getPrisma } from "@/lib/db";
import type { CurrentMember } from "@/lib/auth/current-member";
import type { MemberRole } from "@/lib/generated/prisma/enums";
import { NotAllowedError, resendInvitation, type ResentInvitation } from "@/lib/lifecycle";
import { assignableRoles, ROLE_LABEL } from "@/lib/permissions/roles";
import { kickEmailWorker } from "@/lib/mail/worker-runner";
import { acceptInvitation, type AcceptInvitationResult } from "./accept";
import { inspectInvitation, type InvitationLookup } from "./inspect";
import { inviteMember, type InvitedMember } from "./invite-member";

const adminActor = (admin: CurrentMember) => ({ kind: "MEMBER" as const, id: admin.id, label: admin.userName });
const adminName = (admin: CurrentMember) => admin.displayName?.trim() || admin.userName;

export async function inviteMemberAsAdmin(
  admin: CurrentMember,
  input: { email: string; givenName: string; familyName: string; role: MemberRole },
  requestId?: string | null,
): Promise<InvitedMember> {
  // Editors invite people up to Editor (lib/permissions); the action already checked members.invite.
  if (!assignableRoles(admin.role).includes(input.role)) throw new NotAllowedError("not-permitted", `Only admins can invite someone as ${ROLE_LABEL[input.role]}.`);
  const result = await inviteMember((await getDatabase()).sql, {
    workspaceId: admin.workspaceId,
    email: input.email,
    givenName: input.givenName,
    familyName: input.familyName,
    role: input.role,
    actor: adminActor(admin),
    invitedBy: adminName(admin),
    requestId,
  });
  kickEmailWorker();
  return result;
}

export async function resendInvitationAsAdmin(admin: CurrentMember, memberId: string, requestId?: string | null): Promise<ResentInvitation> {
  const door = { kind: "admin" as const, actor: adminActor(admin), requestId };
  const result = await resendInvitation((await getDatabase()).sqlTransaction, door, { workspaceId: admin.workspaceId, memberId, invitedBy: adminName(admin), actorRole: admin.role });
  kickEmailWorker();
  return result;
}

export async function lookUpInvitation(secret: string): Promise<InvitationLookup> {
  return inspectInvitation(await getPrisma(), secret);
}

export async function acceptInvitationWithSecret(secret: string, password: string): Promise<AcceptInvitationResult> {
  return acceptInvitation(await getDatabase(), { secret, password });
}
