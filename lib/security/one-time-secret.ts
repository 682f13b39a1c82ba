// One-time secrets: the random values Roster hands out once and keeps only as a hash — API tokens
// (behind their "roster_" prefix), invitation links, SSO sign-in codes, SSO browser-binding
// cookies, workspace-choice tokens. 256 random bits, base64url (43 characters), stored as the
// lowercase-hex SHA-256 of the value. A fast hash is right here (unlike passwords): 256 bits
// cannot be guessed, and lookups go by hash. The stored format is in the database: changing the
// encoding would stop every existing row from verifying.
// Imports node built-ins only: this folder sits below everything that uses it.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const ONE_TIME_SECRET_BYTES = 32;
/** 32 bytes of unpadded base64url. */
export const ONE_TIME_SECRET_LENGTH = 43;

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new secret: 256 random bits, base64url, 43 characters. */
export function newOneTimeSecret(): string {
  return randomBytes(ONE_TIME_SECRET_BYTES).toString("base64url");
}

/** The stored form: SHA-256 of the UTF-8 value, lowercase hex (what every caller's rows hold). */
export function hashOneTimeSecret(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Cheap shape check before any hashing or lookup; refuses anything that is not a string. */
export function looksLikeOneTimeSecret(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}

/**
 * Constant-time comparison of a presented value's hash with a stored hash, for callers that
 * compare in JS rather than by a database equality. A stored hash that is not 32 bytes of hex
 * never matches.
 */
export function oneTimeSecretMatchesHash(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashOneTimeSecret(presented), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
