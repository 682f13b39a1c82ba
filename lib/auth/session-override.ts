// Lets tests run session-guarded code (server actions, route handlers) as a given member without
// a browser or a JWT: `await runWithSession({ memberId, workspaceId }, () => someAction(formData))`.
// The claims still go through the same database re-check as a real session. Only code running
// inside runWithSession() sees the override; production requests never do.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionClaims } from "./current-member";

const storage = new AsyncLocalStorage<{ claims: SessionClaims | null }>();

/** Runs fn as if `claims` (or nobody, for null) were signed in. For tests. */
export function runWithSession<T>(claims: SessionClaims | null, fn: () => T): T {
  return storage.run({ claims }, fn);
}

/** undefined = no override active (read the real session). */
export function claimsOverride(): SessionClaims | null | undefined {
  return storage.getStore()?.claims;
}
