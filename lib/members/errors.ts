// Errors the admin member/group functions throw. Server actions turn them into messages.
export { NotAllowedError } from "@/lib/auth/errors";

/** Raised when a change would leave the workspace without an active admin. */
export class LastAdminError extends Error {
  constructor(change: "demote" | "deactivate") {
    super(
      change === "demote"
        ? "This is the workspace's last active admin. Make someone else an admin first."
        : "You can't deactivate the workspace's last active admin. Make someone else an admin first.",
    );
    this.name = "LastAdminError";
  }
}

export class MemberNotFoundError extends Error {
  constructor() {
    super("That member no longer exists in this workspace.");
    this.name = "MemberNotFoundError";
  }
}

export class CannotDeactivateSelfError extends Error {
  constructor() {
    super("You can't deactivate your own account. Ask another admin.");
    this.name = "CannotDeactivateSelfError";
  }
}
