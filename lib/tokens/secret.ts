// API token secrets: a one-time secret (@/lib/security/one-time-secret: 256 random bits, shown
// once, stored only as its SHA-256) behind a recognisable prefix. Unlike the other one-time
// secrets, a token is "roster_" + 43 characters, and the hash is of the whole prefixed string:
// that is what existing ApiToken.tokenHash rows hold, so the prefix stays part of what is hashed.
import { hashOneTimeSecret, newOneTimeSecret, oneTimeSecretMatchesHash } from "@/lib/security/one-time-secret";

/** Recognisable prefix so leaked tokens can be found by secret scanners. */
export const TOKEN_PREFIX = "roster_";

export interface GeneratedSecret {
  secret: string;
  hash: string;
  /** Shown in lists so admins can tell tokens apart; reveals nothing usable. */
  displayPrefix: string;
}

export function generateTokenSecret(): GeneratedSecret {
  const secret = TOKEN_PREFIX + newOneTimeSecret();
  return { secret, hash: hashTokenSecret(secret), displayPrefix: secret.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashTokenSecret(secret: string): string {
  return hashOneTimeSecret(secret);
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  return oneTimeSecretMatchesHash(secret, storedHash);
}
