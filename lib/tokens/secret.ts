// API token secrets: 32 random bytes, shown once, stored only as a SHA-256 hash. A fast hash is
// right here (unlike passwords): the secret has 256 bits of entropy, so it cannot be guessed, and
// every SCIM request must look its token up by hash quickly.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Recognisable prefix so leaked tokens can be found by secret scanners. */
export const TOKEN_PREFIX = "roster_";

export interface GeneratedSecret {
  secret: string;
  hash: string;
  /** Shown in lists so admins can tell tokens apart; reveals nothing usable. */
  displayPrefix: string;
}

export function generateTokenSecret(): GeneratedSecret {
  const secret = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { secret, hash: hashTokenSecret(secret), displayPrefix: secret.slice(0, TOKEN_PREFIX.length + 6) };
}

export function hashTokenSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatchesHash(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashTokenSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
