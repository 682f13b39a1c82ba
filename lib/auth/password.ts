// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt native binaries, no
// node-gyp) — the OWASP-recommended algorithm; bcrypt would truncate at 72 bytes.
import { hash, verify } from "@node-rs/argon2";
import { getEnv } from "@/lib/env";
import { createLimiter, type Limiter } from "./hash-limit";

// OWASP's minimum for Argon2id: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

let limiter: Limiter | undefined;

/** Bounds concurrent hashing for every caller (SCIM /Bulk, invitations, setup): ./hash-limit.ts. */
export function passwordHashing(): Limiter {
  return (limiter ??= createLimiter(getEnv().PASSWORD_HASH_CONCURRENCY));
}

export function hashPassword(password: string): Promise<string> {
  return passwordHashing().run(() => hash(password, OPTIONS));
}

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    // Spend comparable time when there is no hash, so timing does not reveal which accounts exist.
    await hash(password, OPTIONS);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** Returns a problem to show the person, or null when the password is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 256) return "Use at most 256 characters.";
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return "The password must not be your email address.";
  return null;
}
