// What a person sees when an invitation link cannot be used. Pure (no server code), so pages and
// client components can import it. Every message says what to do next.

export type InvitationProblem = "unknown" | "used" | "expired" | "replaced" | "disabled" | "active";

export const ASK_FOR_NEW = "Ask your administrator to resend the invitation.";

export const INVITATION_PROBLEMS: Record<InvitationProblem, { title: string; text: string; signIn: boolean }> = {
  unknown: {
    title: "This invitation link is not valid",
    text: `The link may be incomplete or mistyped: copy the whole link from the email. If it still does not work, ${ASK_FOR_NEW.toLowerCase()}`,
    signIn: false,
  },
  used: {
    title: "This invitation has already been used",
    text: `Invitation links work once. If you set your password, sign in with it. Otherwise, ${ASK_FOR_NEW.toLowerCase()}`,
    signIn: true,
  },
  expired: {
    title: "This invitation has expired",
    text: `Invitation links are only valid for a limited time. ${ASK_FOR_NEW}`,
    signIn: false,
  },
  replaced: {
    title: "This invitation link was replaced",
    text: `A newer invitation was sent, which made this link invalid. Use the link in the most recent email, or ${ASK_FOR_NEW.toLowerCase()}`,
    signIn: false,
  },
  disabled: {
    title: "Your account has been disabled",
    text: "An administrator disabled your account, so this invitation no longer works. Contact your administrator if you think this is a mistake.",
    signIn: false,
  },
  active: {
    title: "Your account is already active",
    text: "You have already accepted an invitation to this workspace. Sign in with your password.",
    signIn: true,
  },
};
