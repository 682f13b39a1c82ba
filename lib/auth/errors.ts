// Framework-free auth errors, so domain modules (lib/members, …) can throw them without
// importing next-auth or next/navigation.

/** Thrown by requireAdminForAction() and the admin guard so server actions can answer without a redirect. */
export class NotAllowedError extends Error {
  constructor(public readonly reason: "signed-out" | "disabled" | "not-admin") {
    super(reason === "not-admin" ? "Only workspace admins can do this." : "You are not signed in.");
    this.name = "NotAllowedError";
  }
}
