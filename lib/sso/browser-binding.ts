// Login CSRF / session fixation protection for SSO: a sign-in is bound to the browser that
// started it. Starting an SP-initiated sign-in (or a Test connection) sets a random cookie
// (HttpOnly, SameSite=Lax, Secure over https, as long-lived as the pending request) and stores
// only its SHA-256 on the pending request. Where the browser comes back with its Lax cookies,
// the cookie must hash to the stored value:
//  - OIDC: the callback is a top-level GET from the IdP → checked there;
//  - SAML: the ACS is a cross-site POST (Lax cookies are not sent) → the hash is carried on the
//    one-time sign-in code and checked when /sign-in/sso redeems it (a same-site request);
//  - every code is checked at redemption, whatever the protocol, so a code link taken from
//    the attacker's own browser does not sign a victim's browser in either.
// An IdP-initiated SAML response has no request to be bound to: the ACS binds its code to the
// browser that posted the response (it sets a fresh cookie on its answer).
import { hashOneTimeSecret, looksLikeOneTimeSecret, newOneTimeSecret, oneTimeSecretMatchesHash } from "@/lib/security/one-time-secret";
import { PENDING_REQUEST_TTL_SECONDS } from "./pending-requests";

/** A new binding: the cookie value (a one-time secret, 256 random bits). */
export const newBrowserBinding = (): string => newOneTimeSecret();

export const hashBrowserBinding = (binding: string): string => hashOneTimeSecret(binding);

/** True only when a binding was stored AND the browser presented the cookie it hashes from. */
export function browserBindingMatches(storedHash: string | null | undefined, presented: string | null | undefined): boolean {
  if (!storedHash || !looksLikeOneTimeSecret(presented)) return false;
  return oneTimeSecretMatchesHash(presented, storedHash);
}

/** `__Host-` (Secure, Path=/, no Domain: no subdomain can set or read it) over https. */
export const browserBindingCookieName = (secure: boolean): string => (secure ? "__Host-roster.sso-binding" : "roster.sso-binding");

/** The Set-Cookie header value for a binding (`origin` decides Secure). */
export function browserBindingCookie(binding: string, origin: string, maxAgeSeconds = PENDING_REQUEST_TTL_SECONDS): string {
  const secure = origin.startsWith("https:");
  return [`${browserBindingCookieName(secure)}=${binding}`, "Path=/", `Max-Age=${maxAgeSeconds}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])].join("; ");
}

/** The binding cookie from a Cookie header (null when absent). */
export function browserBindingFromCookieHeader(cookieHeader: string | null | undefined, origin: string): string | null {
  if (!cookieHeader) return null;
  const name = browserBindingCookieName(origin.startsWith("https:"));
  for (const part of cookieHeader.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}
