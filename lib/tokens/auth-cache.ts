// A short-lived, in-process memory of bearer-token lookups, so an IdP pushing hundreds of
// requests a second does not pay a database round trip per request just to authenticate.
//
// Safety bounds:
//  - only tokens that were found are remembered (unknown secrets always go to the database, so
//    a guessing client cannot fill the cache);
//  - an entry lives TOKEN_CACHE_TTL_MS; revocation and the SCIM switch clear this process's cache
//    at once (invalidateTokenCache), and reach other instances within the TTL;
//  - expiry is re-checked on every request from the remembered expiresAt;
//  - keyed by the secret's SHA-256 (the same hash the database holds), never by the secret.
// Kept on globalThis: the Next.js bundle and the direct SCIM server path (lib/server) are
// separate module instances in one process and must share one cache.

export const TOKEN_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 1_000;

interface Entry<T> {
  value: T;
  until: number;
}

const holder = globalThis as typeof globalThis & { __rosterTokenCache?: Map<string, Entry<unknown>> };
const cache = () => (holder.__rosterTokenCache ??= new Map());

export function cachedToken<T>(tokenHash: string, now = Date.now()): T | undefined {
  const entry = cache().get(tokenHash);
  if (!entry) return undefined;
  if (entry.until <= now) {
    cache().delete(tokenHash);
    return undefined;
  }
  return entry.value as T;
}

export function rememberToken<T>(tokenHash: string, value: T, now = Date.now()): void {
  const map = cache();
  // Insertion order is age order: drop the oldest when full.
  if (map.size >= MAX_ENTRIES && !map.has(tokenHash)) map.delete(map.keys().next().value as string);
  map.set(tokenHash, { value, until: now + TOKEN_CACHE_TTL_MS });
}

/** Forget every remembered token (after a revocation or a SCIM on/off switch). */
export function invalidateTokenCache(): void {
  cache().clear();
}
