// Errors the invitation functions throw for a person to read; server actions show their message.

/** Bad input or a state that does not allow the change; the message says what to do. */
export class InvitationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvitationError";
  }
}

export class MemberAlreadyExistsError extends InvitationError {
  constructor(email: string) {
    super(`${email} is already a member of this workspace.`);
    this.name = "MemberAlreadyExistsError";
  }
}
