// SCIM request rate limits, per bearer token and per workspace, that hold across instances yet
// cost the hot path nothing but a Map lookup.
//
// Fixed windows of WINDOW_SECONDS. Each instance decides locally from what it knows: the window's
// total as last read from the database plus what it admitted since. It adds its own count to the
// shared row ("ScimRateWindow", one INSERT … ON CONFLICT for all due keys) in batches — at a key's
// first request in a window, then every FLUSH_FRACTION of the limit or FLUSH_INTERVAL_MS, never
// awaiting it — and learns the other instances' counts from the total that statement returns.
// So an instance may admit up to one batch more than the limit before it hears of the others:
// with the defaults about 5 % per instance, which is what a limit far above what identity
// providers send can afford. rate-limiter-flexible was not used here: each of its store-backed
// consume() calls is a database round trip on the request path (its in-memory "insurance" only
// helps once a key is already over the limit).
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql } from "@/lib/db/raw-sql";
import { getEnv } from "@/lib/env";
import type { ScimLogger } from "./types";

export const WINDOW_SECONDS = 10;
const FLUSH_FRACTION = 0.05;
const FLUSH_INTERVAL_MS = 1_000;
/** At most one audit event per key per this long, per instance, carrying how many were refused. */
export const AUDIT_INTERVAL_MS = 60_000;
const CLEANUP_INTERVAL_MS = 10 * 60_000;
const KEEP_WINDOWS_MS = 60 * 60_000;

export interface ScimRateSettings {
  /** Requests per second per token (averaged over the window); 0 = no limit. */
  perToken: number;
  /** Requests per second per workspace; 0 = no limit. */
  perWorkspace: number;
}

export function scimRateSettings(): ScimRateSettings {
  const env = getEnv();
  return { perToken: env.SCIM_RATE_LIMIT_PER_TOKEN, perWorkspace: env.SCIM_RATE_LIMIT_PER_WORKSPACE };
}

export type RateScope = "token" | "workspace";

export type RateDecision =
  | { ok: true }
  | {
      ok: false;
      scope: RateScope;
      perSecond: number;
      retryAfterSeconds: number;
      /** Set when this refusal should be audited: requests refused on this key since the last event, this one included. */
      auditRefused?: number;
    };

interface KeyState {
  windowStart: number; // epoch seconds
  shared: number; // the window's total in the database, as last seen (our flushed counts included)
  local: number; // admitted here and not yet added to the database
  lastFlushAt: number;
  flushing: boolean;
  refusedSinceAudit: number;
  lastAuditAt: number;
}

export class ScimRateLimiter {
  private readonly keys = new Map<string, KeyState>();
  private lastCleanupAt = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly sql: RawSql,
    readonly settings: ScimRateSettings,
    private readonly now: () => number = Date.now,
    private readonly logger?: ScimLogger,
  ) {}

  get enabled(): boolean {
    return this.settings.perToken > 0 || this.settings.perWorkspace > 0;
  }

  /** Counts one request for the token and its workspace, or says which limit refuses it. */
  check(tokenId: string, workspaceId: string): RateDecision {
    const now = this.now();
    const windowStart = Math.floor(now / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS;
    const scopes: [RateScope, string, number][] = [];
    if (this.settings.perToken > 0) scopes.push(["token", `t:${tokenId}`, this.settings.perToken]);
    if (this.settings.perWorkspace > 0) scopes.push(["workspace", `w:${workspaceId}`, this.settings.perWorkspace]);
    const states = scopes.map(([, key]) => this.state(key, windowStart));
    for (let i = 0; i < scopes.length; i++) {
      const [scope, , perSecond] = scopes[i];
      const state = states[i];
      if (state.shared + state.local >= perSecond * WINDOW_SECONDS) {
        state.refusedSinceAudit++;
        const decision: RateDecision = { ok: false, scope, perSecond, retryAfterSeconds: Math.max(1, Math.ceil(windowStart + WINDOW_SECONDS - now / 1000)) };
        if (now - state.lastAuditAt >= AUDIT_INTERVAL_MS) {
          decision.auditRefused = state.refusedSinceAudit;
          state.refusedSinceAudit = 0;
          state.lastAuditAt = now;
        }
        return decision;
      }
    }
    const due: [string, KeyState][] = [];
    for (let i = 0; i < scopes.length; i++) {
      const [, key, perSecond] = scopes[i];
      const state = states[i];
      state.local++;
      if (!state.flushing && (state.local >= Math.max(1, perSecond * WINDOW_SECONDS * FLUSH_FRACTION) || now - state.lastFlushAt >= FLUSH_INTERVAL_MS)) due.push([key, state]);
    }
    if (due.length > 0) this.flush(due, now);
    return { ok: true };
  }

  /** Resolves when the counts sent so far have reached the database (tests; shutdown). */
  settled(): Promise<void> {
    return Promise.all([...this.pending]).then(() => undefined);
  }

  private state(key: string, windowStart: number): KeyState {
    let state = this.keys.get(key);
    if (!state) {
      state = { windowStart, shared: 0, local: 0, lastFlushAt: -Infinity, flushing: false, refusedSinceAudit: 0, lastAuditAt: -Infinity };
      this.keys.set(key, state);
    } else if (state.windowStart !== windowStart) {
      // A new window: what was not flushed belongs to the old one, which no longer matters.
      Object.assign(state, { windowStart, shared: 0, local: 0, lastFlushAt: -Infinity, flushing: false });
    }
    return state;
  }

  private flush(due: [string, KeyState][], now: number): void {
    const batch = due.map(([key, state]) => {
      const delta = state.local;
      state.local = 0;
      state.shared += delta;
      state.flushing = true;
      state.lastFlushAt = now;
      return { key, state, windowStart: state.windowStart, delta };
    });
    const cleanup = now - this.lastCleanupAt >= CLEANUP_INTERVAL_MS;
    if (cleanup) this.lastCleanupAt = now;
    const work = (async () => {
      try {
        const rows = await this.sql.$queryRaw<{ key: string; windowStart: string | number | bigint; count: number }[]>(Prisma.sql`
          INSERT INTO "ScimRateWindow" ("key", "windowStart", "count")
          SELECT * FROM unnest(${batch.map((b) => b.key)}::text[], ${batch.map((b) => b.windowStart)}::bigint[], ${batch.map((b) => b.delta)}::int[])
          ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "ScimRateWindow"."count" + EXCLUDED."count"
          RETURNING "key", "windowStart", "count"`);
        for (const b of batch) {
          const row = rows.find((r) => r.key === b.key && Number(r.windowStart) === b.windowStart);
          // Still the same window: the database's total is the truth (it includes our batch).
          if (row && b.state.windowStart === b.windowStart) b.state.shared = Math.max(b.state.shared, Number(row.count));
        }
        if (cleanup) await this.sql.$executeRaw(Prisma.sql`DELETE FROM "ScimRateWindow" WHERE "windowStart" < ${Math.floor((now - KEEP_WINDOWS_MS) / 1000)}`);
      } catch (error) {
        // Fail open: the database being unreachable is answered by the request itself (503).
        for (const b of batch) {
          if (b.state.windowStart !== b.windowStart) continue;
          b.state.shared -= b.delta;
          b.state.local += b.delta;
        }
        this.logger?.warn("scim: could not share rate-limit counts", { error: (error as Error).message });
      } finally {
        for (const b of batch) b.state.flushing = false;
      }
    })();
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}

const limiters = new WeakMap<object, ScimRateLimiter>();

/** The process's limiter for a database (one per database handle), built from the environment. */
export function scimRateLimiterFor(sql: RawSql, logger?: ScimLogger): ScimRateLimiter {
  let limiter = limiters.get(sql);
  if (!limiter) {
    limiter = new ScimRateLimiter(sql, scimRateSettings(), Date.now, logger);
    limiters.set(sql, limiter);
  }
  return limiter;
}
