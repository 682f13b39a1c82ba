// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt native binaries, no
// node-gyp) — the OWASP-recommended algorithm; bcrypt would truncate at 72 bytes.
import { hash, verify } from "@node-rs/argon2";
import { getEnv } from "@/lib/env";
import { workLimit } from "@/lib/directory/work-limit";

// OWASP's minimum for Argon2id: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

// A process-wide bound on concurrent hashing, for every caller (SCIM /Bulk and POST, invitations,
// setup): each hash takes ~40 ms of a CPU and 19 MiB on libuv's small thread pool, which file and
// DNS work share, so a /Bulk of 1,000 users with passwords (or several at once) must not take every
// thread and core from other requests. PASSWORD_HASH_CONCURRENCY, default 2; the rest queue in order.
let limit: ReturnType<typeof workLimit> | undefined;
const hashing = { inFlight: 0, peak: 0 };

export function hashPassword(password: string): Promise<string> {
  limit ??= workLimit(getEnv().PASSWORD_HASH_CONCURRENCY);
  return limit(async () => {
    hashing.peak = Math.max(hashing.peak, ++hashing.inFlight);
    try {
      return await hash(password, OPTIONS);
    } finally {
      hashing.inFlight--;
    }
  });
}

/** Hashes running now and the most ever at once (for tests and diagnostics). */
export const passwordHashingStats = (): Readonly<typeof hashing> => ({ ...hashing });

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
