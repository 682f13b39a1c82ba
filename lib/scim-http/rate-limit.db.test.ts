// SCIM rate limits through the real handler on both engines: 429 + Retry-After + an RFC 7644
// body, per token and per workspace, shared across "instances" (two limiters on one database),
// aggregated audit, and a controllable clock instead of waiting for windows to pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { resetEnvCache } from "@/lib/env";
import { createApiToken } from "@/lib/tokens";
import { answerScimRequest } from "./handle";
import { ScimRateLimiter, WINDOW_SECONDS, type ScimRateSettings } from "./rate-limit";
import { closeScimTestDatabase, createTestWorkspace, ERROR_SCHEMA, newUser, openScimTestDatabase, type TestWorkspace } from "./test-support";

describe(`SCIM rate limits (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
  });
  afterAll(async () => closeScimTestDatabase(db));

  // A clock at the start of a window, moved by the test.
  const clock = () => {
    let now = (Math.floor(Date.now() / 1000 / WINDOW_SECONDS) + 1) * WINDOW_SECONDS * 1000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };
  const limiter = (settings: ScimRateSettings, time: { now: () => number }) => new ScimRateLimiter(db.sql, settings, time.now);
  const call = (rateLimiter: ScimRateLimiter, token: string, method = "GET", body?: unknown) =>
    answerScimRequest(
      {
        method,
        url: `http://roster.test/api/v2/scim/Users${method === "GET" ? "?count=1" : ""}`,
        headers: new Headers({ authorization: `Bearer ${token}`, "content-type": "application/scim+json" }),
        body: body === undefined ? null : (async function* () { yield Buffer.from(JSON.stringify(body)); })(),
      },
      { rateLimiter, getDatabase: async () => db },
    );
  const burst = async (rateLimiter: ScimRateLimiter, token: string, n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) {
      statuses.push((await call(rateLimiter, token)).status);
      await rateLimiter.settled();
    }
    return statuses;
  };
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it("answers 429 with Retry-After and an RFC 7644 error once a token's window is used up; the next window admits again", async () => {
    const time = clock();
    const rl = limiter({ perToken: 2, perWorkspace: 0 }, time); // 20 per 10 s window
    expect(await burst(rl, ws.client.token, 20)).toEqual(Array(20).fill(200));
    time.advance(3_000);
    const refused = await call(rl, ws.client.token);
    expect(refused.status).toBe(429);
    expect(refused.headers["Retry-After"]).toBe("7");
    expect(refused.headers["Content-Type"]).toMatch(/^application\/scim\+json/);
    const body = JSON.parse(refused.body as string);
    expect(body).toEqual({ schemas: [ERROR_SCHEMA], status: "429", detail: expect.stringMatching(/token may send 2 requests per second.*Retry after 7 seconds/) });
    time.advance(7_000);
    expect((await call(rl, ws.client.token)).status).toBe(200);
  });

  it("limits the workspace across its tokens, and leaves other workspaces alone", async () => {
    const time = clock();
    const rl = limiter({ perToken: 2, perWorkspace: 3 }, time); // 20 per token, 30 per workspace
    // Fresh workspaces: the windows in the database outlive each test's limiter, as they should.
    const mine = await createTestWorkspace(db);
    const second = await createApiToken(db.prisma, { workspaceId: mine.id, name: "second", actor: { kind: "SYSTEM", label: "test" } });
    const other = await createTestWorkspace(db);
    const first = await burst(rl, mine.client.token, 21);
    expect([count(first, 200), count(first, 429)]).toEqual([20, 1]);
    const more = await burst(rl, second.secret, 11);
    expect([count(more, 200), count(more, 429)]).toEqual([10, 1]);
    expect(JSON.parse((await call(rl, second.secret)).body as string).detail).toMatch(/workspace may send 3 requests per second/);
    expect((await call(rl, other.client.token)).status).toBe(200);
  });

  it("holds across instances: two limiters on one database share the window's budget", async () => {
    const time = clock();
    const a = limiter({ perToken: 3, perWorkspace: 0 }, time); // 30 per window
    const b = limiter({ perToken: 3, perWorkspace: 0 }, time);
    const token = (await createTestWorkspace(db)).client.token;
    const fromA = await burst(a, token, 20);
    const fromB = await burst(b, token, 20);
    expect(count(fromA, 200)).toBe(20);
    // B learns A's 20 from its first batch: it may admit that one request more than the budget, no more.
    expect(count(fromB, 200)).toBeGreaterThanOrEqual(10);
    expect(count(fromB, 200)).toBeLessThanOrEqual(11);
    expect(count(fromB, 429)).toBe(20 - count(fromB, 200));
    // A, in turn, hears of B at its next batch and refuses.
    time.advance(1_500);
    const again = await burst(a, token, 3);
    expect(count(again, 429)).toBeGreaterThanOrEqual(2);
    const windowStart = BigInt(Math.floor(time.now() / 1000 / WINDOW_SECONDS) * WINDOW_SECONDS);
    const rows = await db.prisma.scimRateWindow.findMany({ where: { key: { startsWith: "t:" }, windowStart } });
    expect(rows.map((r) => r.count).sort((x, y) => y - x)[0]).toBeGreaterThanOrEqual(30);
  });

  it("audits refusals once per token per minute with their number, not once per request; a refused write leaves no per-request failure", async () => {
    const time = clock();
    const rl = limiter({ perToken: 1, perWorkspace: 0 }, time); // 10 per window
    const target = await createTestWorkspace(db);
    const statuses = await burst(rl, target.client.token, 40);
    expect([count(statuses, 200), count(statuses, 429)]).toEqual([10, 30]);
    const posts = await Promise.all(Array.from({ length: 5 }, () => call(rl, target.client.token, "POST", newUser())));
    expect(posts.map((p) => p.status)).toEqual(Array(5).fill(429));
    const events = () => db.prisma.auditEvent.findMany({ where: { workspaceId: target.id, outcome: "FAILURE" }, orderBy: { createdAt: "asc" } });
    const first = await events();
    expect(first.map((e) => e.action)).toEqual(["scim.rate_limited"]);
    expect(first[0]).toMatchObject({ actorKind: "TOKEN", actorLabel: target.tokenName, targetType: "ApiToken", details: { status: 429, scope: "token", limitPerSecond: 1, refusedRequests: 1 } });

    time.advance(60_000);
    await burst(rl, target.client.token, 12); // a new window: 10 admitted, 2 refused
    const later = await events();
    expect(later.map((e) => e.action)).toEqual(["scim.rate_limited", "scim.rate_limited"]);
    // 34 more refused in the first minute (29 GETs + 5 POSTs), then the first refusal of this one.
    expect(later[1].details).toMatchObject({ refusedRequests: 35 });
  });

  it("is on by default in the route handler, configured from SCIM_RATE_LIMIT_PER_TOKEN", async () => {
    process.env.SCIM_RATE_LIMIT_PER_TOKEN = "1"; // 10 per window
    resetEnvCache();
    try {
      const target = await createTestWorkspace(db);
      // Real clock: a window may end during the loop, so allow two windows' worth before the refusal.
      let refused: Awaited<ReturnType<typeof target.client.get>> | undefined;
      for (let i = 0; i < 21 && !refused; i++) {
        const res = await target.client.get("/Users?count=1");
        if (res.status === 429) refused = res;
        else expect(res.status).toBe(200);
      }
      expect(refused?.headers.get("retry-after")).toMatch(/^([1-9]|10)$/);
      expect(refused?.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: "429" });
    } finally {
      delete process.env.SCIM_RATE_LIMIT_PER_TOKEN;
      resetEnvCache();
    }
  });

  it("does nothing when both limits are 0", async () => {
    const time = clock();
    const rl = limiter({ perToken: 0, perWorkspace: 0 }, time);
    expect(rl.enabled).toBe(false);
    expect(count(await burst(rl, ws.client.token, 25), 200)).toBe(25);
  });
});
