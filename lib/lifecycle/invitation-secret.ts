// Invitation link secrets: a one-time secret (@/lib/security/one-time-secret: 256 random bits,
// base64url) in the link, only its SHA-256 stored (Invitation.tokenHash); the accept page looks
// the invitation up by hash.
import { hashOneTimeSecret, looksLikeOneTimeSecret, newOneTimeSecret } from "@/lib/security/one-time-secret";

export interface InvitationSecret {
  secret: string;
  hash: string;
}

export function generateInvitationSecret(): InvitationSecret {
  const secret = newOneTimeSecret();
  return { secret, hash: hashInvitationSecret(secret) };
}

export function hashInvitationSecret(secret: string): string {
  return hashOneTimeSecret(secret);
}

/** Cheap shape check before touching the database: 32 bytes of base64url = 43 characters. */
export function looksLikeInvitationSecret(secret: string): boolean {
  return looksLikeOneTimeSecret(secret);
}

/** The accept page's address for a secret; `baseUrl` without a trailing slash. */
export function invitationLink(baseUrl: string, secret: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${secret}`;
}
