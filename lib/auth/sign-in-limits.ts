// Sign-in attempt limits, per account (workspace + email, any letter case) and per client
// address, counted in the database so they hold across instances. rate-limiter-flexible's
// PostgreSQL store does the counting (one atomic INSERT … ON CONFLICT per attempt, fixed window,
// then a lock of the same length). Its store expects a pg Pool/Client; PGlite has none, so it gets
// a four-line `query()` over the project's Prisma client, which works on both engines — and the
// table comes from a migration (prisma/migrations/*_rate_limits), not from the library.
import { createHash } from "node:crypto";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

export interface SignInLimitSettings {
  /** Failures allowed per account in a window; the next attempt is refused. 0 = unlimited. */
  maxFailuresPerAccount: number;
  /** Failures allowed per client address (any accounts) in a window. 0 = unlimited. */
  maxFailuresPerAddress: number;
  /** The counting window and the lock that follows, in minutes. */
  lockMinutes: number;
}

export function signInLimitSettings(): SignInLimitSettings {
  const env = getEnv();
  return { maxFailuresPerAccount: env.SIGN_IN_MAX_FAILURES_PER_ACCOUNT, maxFailuresPerAddress: env.SIGN_IN_MAX_FAILURES_PER_ADDRESS, lockMinutes: env.SIGN_IN_LOCK_MINUTES };
}

export interface AttemptKeys {
  workspaceSlug: string;
  email: string;
  /** null when unknown (no trusted proxy and not behind `npm start`): only the account limit applies. */
  clientAddress: string | null;
}

export type Reservation =
  | { ok: true }
  /** firstRefusal: this attempt is the one that found the limit reached (audit the lock-out once). */
  | { ok: false; scope: "account" | "address"; retryAfterMs: number; firstRefusal: boolean };

export const TABLE = "SignInLimit";

// The store's queries, run through Prisma. int8 comes back as BigInt (Prisma) — the library does
// arithmetic with Date.now(), so numbers.
function prismaStoreClient(prisma: PrismaClient) {
  return {
    async query({ text, values = [] }: { text: string; values?: unknown[] }) {
      const rows = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      const converted = rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
      return { rows: converted, rowCount: converted.length };
    },
  };
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const accountKey = (k: AttemptKeys) => sha256(`${k.workspaceSlug.trim().toLowerCase()}\n${k.email.trim().toLowerCase()}`);

interface Limiters {
  account: RateLimiterPostgres | null;
  address: RateLimiterPostgres | null;
}

function limiter(prisma: PrismaClient, keyPrefix: string, points: number, lockMinutes: number): RateLimiterPostgres | null {
  if (points === 0) return null;
  const seconds = lockMinutes * 60;
  return new RateLimiterPostgres({
    storeClient: prismaStoreClient(prisma),
    storeType: "client",
    tableName: TABLE,
    tableCreated: true,
    keyPrefix,
    points,
    duration: seconds,
    blockDuration: seconds,
    // Expired rows are dropped by the library every 5 minutes (an unref'd timer).
    clearExpiredByTimeout: true,
  });
}

const cache = new WeakMap<PrismaClient, { settings: string; limiters: Limiters }>();

function limitersFor(prisma: PrismaClient, settings: SignInLimitSettings): Limiters {
  const fingerprint = JSON.stringify(settings);
  const hit = cache.get(prisma);
  if (hit && hit.settings === fingerprint) return hit.limiters;
  const limiters = {
    account: limiter(prisma, "signin-account", settings.maxFailuresPerAccount, settings.lockMinutes),
    address: limiter(prisma, "signin-address", settings.maxFailuresPerAddress, settings.lockMinutes),
  };
  cache.set(prisma, { settings: fingerprint, limiters });
  return limiters;
}

/** Rejections with a RateLimiterRes mean "limited"; anything else (the database) is rethrown. */
async function take(l: RateLimiterPostgres, key: string): Promise<{ ok: true } | { ok: false; retryAfterMs: number; firstRefusal: boolean }> {
  try {
    await l.consume(key);
    return { ok: true };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { ok: false, retryAfterMs: rejection.msBeforeNext, firstRefusal: rejection.consumedPoints === l.points + 1 };
  }
}

/**
 * Counts one attempt against the account and the address, BEFORE the password is hashed: a
 * refused attempt costs one statement, never an Argon2 run. Success later takes its count back
 * (signInSucceeded); a failure keeps it.
 */
export async function reserveSignInAttempt(prisma: PrismaClient, keys: AttemptKeys, settings = signInLimitSettings()): Promise<Reservation> {
  const { account, address } = limitersFor(prisma, settings);
  if (account) {
    const taken = await take(account, accountKey(keys));
    if (!taken.ok) return { ...taken, scope: "account" };
  }
  if (address && keys.clientAddress) {
    const taken = await take(address, sha256(keys.clientAddress));
    if (!taken.ok) {
      // Refused for the address: this attempt must not count against the account either.
      if (account) await account.reward(accountKey(keys), 1);
      return { ...taken, scope: "address" };
    }
  }
  return { ok: true };
}

/** A successful sign-in clears the account's failures and takes its own attempt off the address. */
export async function signInSucceeded(prisma: PrismaClient, keys: AttemptKeys, settings = signInLimitSettings()): Promise<void> {
  const { account, address } = limitersFor(prisma, settings);
  if (account) await account.delete(accountKey(keys));
  if (address && keys.clientAddress) await address.reward(sha256(keys.clientAddress), 1);
}

/** "Too many sign-in attempts. Try again in N minutes." (whole minutes, at least 1). */
export function minutesToWait(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
