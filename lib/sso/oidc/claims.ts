// What Roster reads from an OpenID provider: the person's email (to find the member), their names
// and groups. Okta and Entra ID put `email`, `given_name`, `family_name` in the ID token (Entra
// needs them added as optional claims) and `groups` when a groups claim is configured.

export interface OidcIdentity {
  email: string;
  givenName?: string;
  familyName?: string;
  groups?: string[];
}

export type IdentityResult = { ok: true; identity: OidcIdentity } | { ok: false; problem: string };

type Claims = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

function groupsFrom(value: unknown): string[] | undefined {
  if (typeof value === "string") return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === "string" && item.trim() !== "").map((item) => item.trim());
}

/**
 * The identity from the ID token's claims, completed by the userinfo response when given (the ID
 * token wins where both have a claim). An email the provider marks unverified is not trusted: it
 * is what links the sign-in to a member.
 */
export function identityFromClaims(idToken: Claims, userinfo?: Claims): IdentityResult {
  const claims: Claims = { ...(userinfo ?? {}), ...Object.fromEntries(Object.entries(idToken).filter(([, v]) => v !== undefined && v !== null)) };
  // Entra ID leaves `email` out for accounts without a mailbox; its `upn`/`preferred_username`
  // is then the sign-in name, which is what SCIM provisioned as userName.
  const email = [claims.email, claims.upn, claims.preferred_username].map(text).find((value) => value && EMAIL.test(value));
  if (!email) {
    return {
      ok: false,
      problem:
        "The identity provider sent no email address (claims email, upn or preferred_username). Add the email claim to the ID token, or allow the email scope.",
    };
  }
  if (claims.email_verified === false && text(claims.email) === email) {
    return { ok: false, problem: `The identity provider marks the email ${email} as not verified.` };
  }
  return {
    ok: true,
    identity: { email, givenName: text(claims.given_name), familyName: text(claims.family_name), groups: groupsFrom(claims.groups) },
  };
}
