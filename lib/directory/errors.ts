// The directory's refusals: what a member/group/invitation transition (lib/lifecycle) or the
// stores under it say no with. They carry the facts; each door words them once: admin actions
// show `message` (lib/actions), the SCIM API maps them in lib/scim-http/errors.ts. Defined at this
// layer so the stores and the transitions above them share them.
/** Base class, so a door can tell "the rules said no" from a failure. */
export abstract class LifecycleError extends Error {}

/** The acting member may not do this (signed out, disabled, not an admin, or their role does not allow it). */
export class NotAllowedError extends LifecycleError {
  constructor(
    public readonly reason: "signed-out" | "disabled" | "not-admin" | "not-permitted",
    message?: string,
  ) {
    super(message ?? (reason === "not-admin" ? "Only workspace admins can do this." : reason === "not-permitted" ? "Your role does not allow this." : "You are not signed in."));
    this.name = "NotAllowedError";
  }
}

export type LastAdminChange = "demote" | "deactivate" | "delete" | "lose-role";

/** A change would leave the workspace without an active admin. */
export class LastAdminError extends LifecycleError {
  /**
   * `lost` (change "lose-role"): whose Admin role a group or SCIM change would take away, and the
   * cause in words ("removing them from group Roster Admins") — what an IdP admin must know to act.
   */
  constructor(
    readonly change: LastAdminChange,
    readonly lost?: { userName: string; cause: string },
  ) {
    super(
      change === "demote"
        ? "This is the workspace's last active admin. Make someone else an admin first."
        : change === "lose-role"
          ? `${lost?.cause ? `${lost.cause[0].toUpperCase()}${lost.cause.slice(1)} would` : "This change would"} take the Admin role away from ${lost?.userName ?? "a member"}, the workspace's last active admin. Make another member an admin first.`
          : `You can't ${change} the workspace's last active admin. Make someone else an admin first.`,
    );
    this.name = "LastAdminError";
  }
}

export type LastBreakGlassChange = "demote" | "deactivate" | "delete" | "lose-role" | "unmark";

/**
 * While the workspace requires SSO, at least one ACTIVE ADMIN must be break-glass (able to sign in
 * with a password when the identity provider fails). A change that would leave none is refused,
 * whichever door asked: an admin in Roster, provisioning (SCIM), a group or its role mapping.
 */
export class LastBreakGlassAdminError extends LifecycleError {
  constructor(
    readonly change: LastBreakGlassChange,
    readonly member: { workspaceId: string; id: string; userName: string },
    /** For "lose-role": what would take the Admin role away, in words ("removing them from group 'Roster Admins'"). */
    readonly cause?: string,
  ) {
    const who = member.userName;
    const lead =
      change === "lose-role"
        ? `${cause ? `${cause[0].toUpperCase()}${cause.slice(1)} would` : "This change would"} take the Admin role away from ${who}, the workspace's last break-glass admin.`
        : change === "unmark"
          ? `${who} is the workspace's last break-glass admin.`
          : `You can't ${change} ${who}: they are the workspace's last break-glass admin.`;
    super(
      `${lead} While Require SSO is on, at least one active admin must be break-glass (keeps password sign-in if the identity provider fails). ` +
        "Mark another admin as break-glass or switch off Require SSO first (Settings › SSO).",
    );
    this.name = "LastBreakGlassAdminError";
  }
}

/** A role set by hand may not go below the role the identity provider grants (it would not take effect). */
export class RoleOwnedByIdpError extends LifecycleError {
  constructor(readonly floor: string, readonly source: string) {
    super(`This member gets ${floor} ${source}. Their role can't be set lower here; change it in your identity provider.`);
    this.name = "RoleOwnedByIdpError";
  }
}

export class MemberNotFoundError extends LifecycleError {
  constructor() {
    super("That member no longer exists in this workspace.");
    this.name = "MemberNotFoundError";
  }
}

export class CannotDeactivateSelfError extends LifecycleError {
  constructor() {
    super("You can't deactivate your own account. Ask another admin.");
    this.name = "CannotDeactivateSelfError";
  }
}

/** An invitation cannot be sent or resent for this member in its current state. */
export class InvitationRefusedError extends LifecycleError {
  constructor(message: string) {
    super(message);
    this.name = "InvitationRefusedError";
  }
}

/** The userName (sign-in email) is already a member of the workspace, in any letter case. */
export class UserNameTakenError extends LifecycleError {
  constructor(readonly userName: string) {
    super(`${userName} is already a member of this workspace.`);
    this.name = "UserNameTakenError";
  }
}

/** A conditional write (If-Match) found another version. */
export class VersionMismatchError extends LifecycleError {
  constructor() {
    super("The member changed in the meantime. Reload and try again.");
    this.name = "VersionMismatchError";
  }
}

export class GroupNotFoundError extends LifecycleError {
  constructor() {
    super("That group no longer exists in this workspace.");
    this.name = "GroupNotFoundError";
  }
}

/** A group's displayName is unique per workspace (any letter case). */
export class GroupNameTakenError extends LifecycleError {
  constructor(readonly displayName: string) {
    super(`A group named '${displayName}' already exists in this workspace.`);
    this.name = "GroupNameTakenError";
  }
}

/** Member ids that name no member of the workspace: the whole change is refused, nothing applied. */
export class UnknownMembersError extends LifecycleError {
  constructor(readonly ids: string[]) {
    super(`Unknown member id${ids.length > 1 ? "s" : ""}: ${ids.slice(0, 20).join(", ")}${ids.length > 20 ? ", …" : ""}. No change was applied.`);
    this.name = "UnknownMembersError";
  }
}

/** Only members (Users) can be in a group: no nested groups. */
export class MemberTypeError extends LifecycleError {
  constructor(readonly value: string, readonly type: string) {
    super(`Only Users can be group members (member '${value}' has type '${type}')`);
    this.name = "MemberTypeError";
  }
}

/** Provisioning may not change the sign-in credentials of a member created by hand (Settings › SCIM). */
export class ManualCredentialsError extends LifecycleError {
  constructor(readonly attributes: string[]) {
    super(
      `This member was created in Roster, not by provisioning: their ${attributes.join(" and ")} cannot be changed over SCIM. ` +
        "An admin can allow it on Settings › SCIM.",
    );
    this.name = "ManualCredentialsError";
  }
}

/** Break-glass admins: only admins, and at least one while the workspace requires SSO. */
export class BreakGlassError extends LifecycleError {
  constructor(message: string) {
    super(message);
    this.name = "BreakGlassError";
  }
}
