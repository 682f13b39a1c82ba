// Password hashing with Argon2id (@node-rs/argon2: maintained, prebuilt native binaries, no
// node-gyp) — the OWASP-recommended algorithm; bcrypt would truncate at 72 bytes.
import { hash, verify } from "@node-rs/argon2";
import { getEnv } from "@/lib/env";

// OWASP's minimum for Argon2id: 19 MiB memory, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

// Each hash takes ~19 MiB and tens of ms of a core. A burst of sign-ins (or a /Bulk full of
// passwords) would otherwise run as many at once as libuv has threads and starve every other
// request of CPU; with a bound, the excess waits its turn and the rest of the server keeps going.
let running = 0;
let computed = 0;
const queue: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running < getEnv().PASSWORD_HASH_CONCURRENCY) running++;
  else await new Promise<void>((resolve) => queue.push(resolve)); // the releaser hands its slot over
  try {
    computed++;
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

/** Hashes running and waiting now, and computed since start (tests, diagnostics). */
export function passwordHashLoad(): { running: number; queued: number; computed: number } {
  return { running, queued: queue.length, computed };
}

export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password, OPTIONS));
}

export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    // Spend comparable time when there is no hash, so timing does not reveal which accounts exist.
    await withHashSlot(() => hash(password, OPTIONS));
    return false;
  }
  try {
    return await withHashSlot(() => verify(storedHash, password));
  } catch {
    return false;
  }
}

/**
 * A password an identity provider syncs over SCIM was chosen under the IdP's own policy, whose
 * usual floor is 8 characters (Okta's default; its SCIM spec test creates a user with an
 * 8-character password). Roster holds it to the same rules otherwise.
 */
export const MIN_SYNCED_PASSWORD_LENGTH = 8;

/** Returns a problem to show the person, or null when the password is acceptable. */
export function passwordProblem(password: string, email: string, minLength = MIN_PASSWORD_LENGTH): string | null {
  if (password.length < minLength) return `Use at least ${minLength} characters.`;
  if (password.length > 256) return "Use at most 256 characters.";
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return "The password must not be your email address.";
  return null;
}

/** Every address a member is known by: their userName and each email (a password may equal none). */
export function memberAddresses(member: { userName: string; emails: unknown }): string[] {
  const emails = Array.isArray(member.emails) ? member.emails : [];
  const values = emails
    .map((e) => (e && typeof e === "object" ? (e as { value?: unknown }).value : undefined))
    .filter((v): v is string => typeof v === "string" && v !== "");
  return [member.userName, ...values];
}

/** The first policy problem of a member's new password (the same rules for every door), or null. */
export function memberPasswordProblem(password: string, member: { userName: string; emails: unknown }, minLength = MIN_PASSWORD_LENGTH): string | null {
  for (const address of memberAddresses(member)) {
    const problem = passwordProblem(password, address, minLength);
    if (problem) return problem;
  }
  return null;
}
