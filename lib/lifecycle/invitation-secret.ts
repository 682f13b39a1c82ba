// Invitation link secrets: 32 random bytes (base64url) in the link, only their SHA-256 stored
// (Invitation.tokenHash). Like API tokens, a fast hash is right: 256 bits cannot be guessed, and
// the accept page looks the invitation up by hash.
import { createHash, randomBytes } from "node:crypto";

export interface InvitationSecret {
  secret: string;
  hash: string;
}

export function generateInvitationSecret(): InvitationSecret {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashInvitationSecret(secret) };
}

export function hashInvitationSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Cheap shape check before touching the database: 32 bytes of base64url = 43 characters. */
export function looksLikeInvitationSecret(secret: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(secret);
}

/** The accept page's address for a secret; `baseUrl` without a trailing slash. */
export function invitationLink(baseUrl: string, secret: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/invite/${secret}`;
}
