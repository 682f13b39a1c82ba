// Words shown to people about signing in. Pure (no server code): client components import it.

export const DISABLED_MESSAGE = "Your account has been disabled by an administrator.";
/** One message for unknown workspace, unknown email and wrong password: no account enumeration. */
export const INVALID_MESSAGE = "That email and password do not match an account.";
export const SIGNED_OUT_MESSAGE = "You are signed out. Sign in to continue.";

/** The error code next-auth passes back for a disabled account (authorize() throws it). */
export const DISABLED_ERROR = "AccountDisabled";

/** The error code for "this workspace signs in through its identity provider" (authorize() throws it). */
export const SSO_REQUIRED_ERROR = "SsoRequired";
export const SSO_REQUIRED_MESSAGE = "This workspace requires single sign-on. Enter your email and choose Continue to sign in through your identity provider.";

/** The error code for "the password proved several workspaces: pick one" (`ChooseWorkspace:<one-time token>`). */
export const CHOOSE_WORKSPACE_ERROR = "ChooseWorkspace";
export const chooseWorkspaceError = (token: string): string => `${CHOOSE_WORKSPACE_ERROR}:${token}`;
export function chooseWorkspaceToken(error: string | null | undefined): string | null {
  // The one-time secret shape (lib/security/one-time-secret), spelled out: this runs in the browser,
  // which cannot import that node:crypto module. The server checks the shape again anyway.
  const match = error ? /^ChooseWorkspace:([A-Za-z0-9_-]{43})$/.exec(error) : null;
  return match ? match[1] : null;
}

/** The email signs in through several workspaces' identity providers and none claims its domain. */
export const SSO_AMBIGUOUS_ERROR = "SsoAmbiguous";
export const SSO_AMBIGUOUS_MESSAGE =
  "Your email signs in through more than one organization's identity provider. Use your workspace's own sign-in link (it looks like /sign-in/your-workspace; ask your admin) or the Roster tile in your identity provider's app dashboard — or use a password instead.";

/** The error code for an SSO code refused at redemption: `SsoRefused:/sign-in/refused?…` (the page to show). */
export const SSO_REFUSED_ERROR = "SsoRefused";

/** The refusal page an `SsoRefused:` error names, or null (only a /sign-in/refused path is followed). */
export function ssoRefusedPath(error: string | null | undefined): string | null {
  const match = error ? /^SsoRefused:(\/sign-in\/refused\?[\w=&%.-]{1,300})$/.exec(error) : null;
  return match ? match[1] : null;
}

/** The error code for "too many attempts": `TooManyAttempts:<minutes>` (authorize() throws it). */
export const LIMITED_ERROR = "TooManyAttempts";
const LIMITED = /^TooManyAttempts:(\d{1,4})$/;

export function limitedError(minutes: number): string {
  return `${LIMITED_ERROR}:${minutes}`;
}

export function limitedMessage(minutes: number): string {
  return `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

export type SignInReason = "signed-out" | "disabled";

/** The notice for /sign-in?reason=… or ?error=… (next-auth's error codes), if any. */
export function signInNotice(params: { reason?: string | null; error?: string | null }): { tone: "error" | "info"; text: string } | null {
  if (params.error === DISABLED_ERROR || params.reason === "disabled") return { tone: "error", text: DISABLED_MESSAGE };
  if (params.error === SSO_REQUIRED_ERROR) return { tone: "error", text: SSO_REQUIRED_MESSAGE };
  if (params.error === SSO_AMBIGUOUS_ERROR) return { tone: "error", text: SSO_AMBIGUOUS_MESSAGE };
  if (params.error === "SsoUnavailable") return { tone: "error", text: "Single sign-on is not available for this workspace right now. Ask your admin, or sign in with a password if you have one." };
  const limited = params.error ? LIMITED.exec(params.error) : null;
  if (limited) return { tone: "error", text: limitedMessage(Math.max(1, Number(limited[1]))) };
  if (params.error) return { tone: "error", text: INVALID_MESSAGE };
  if (params.reason === "signed-out") return { tone: "info", text: SIGNED_OUT_MESSAGE };
  return null;
}
