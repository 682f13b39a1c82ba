// Bounded queries (issue 17, item 6): filter complexity caps on every way a filter arrives (GET,
// POST /.search per type, root /.search), and PostgreSQL's statement timeout answered as 503 +
// Retry-After. (PGlite accepts statement_timeout but never fires it: see lib/db/engines.ts.)
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { openPostgres } from "@/lib/db/engines";
import { testEngine } from "@/lib/db/testing";
import { handleScimHttpRequest } from "./handle";
import { BASE, closeScimTestDatabase, createTestWorkspace, newUser, openScimTestDatabase, patchOp, SEARCH_REQUEST, type TestWorkspace } from "./test-support";

const orOf = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(" or ");

describe(`SCIM query limits (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
    await ws.client.post("/Users", newUser({ userName: "findme@example.com" }));
  });
  afterAll(async () => closeScimTestDatabase(db));

  describe("filter complexity (defaults: 50 terms, 10 substring or multi-valued terms)", () => {
    it("answers 400 invalidFilter naming SCIM_FILTER_MAX_TERMS past 50 terms, on GET and both searches", async () => {
      const filter = orOf(51, (i) => `userName eq "u${i}@example.com"`);
      for (const res of [
        await ws.client.get(`/Users?filter=${encodeURIComponent(filter)}`),
        await ws.client.get(`/Groups?filter=${encodeURIComponent(orOf(51, (i) => `displayName eq "g${i}"`))}`),
        await ws.client.post("/Users/.search", { schemas: [SEARCH_REQUEST], filter }),
        await ws.client.post("/.search", { schemas: [SEARCH_REQUEST], filter }),
      ]) {
        expect(res.status).toBe(400);
        expect(res.body.scimType).toBe("invalidFilter");
        expect(res.body.detail).toMatch(/51 terms; at most 50 .*SCIM_FILTER_MAX_TERMS/);
      }
      // 50 is fine, and finds what it should.
      const ok = await ws.client.get(`/Users?filter=${encodeURIComponent(orOf(49, (i) => `userName eq "u${i}@example.com"`) + ' or userName eq "findme@example.com"')}`);
      expect(ok.status).toBe(200);
      expect(ok.body.totalResults).toBe(1);
    });

    it("caps co/sw/ew and multi-valued terms separately (the review's 500 × `emails co`)", async () => {
      const review = orOf(500, (i) => `emails co "${i}"`);
      const res = await ws.client.get(`/Users?filter=${encodeURIComponent(review)}`);
      expect(res.status).toBe(400);
      expect(res.body.detail).toMatch(/SCIM_FILTER_MAX_TERMS/);
      const eleven = await ws.client.post("/Users/.search", { schemas: [SEARCH_REQUEST], filter: orOf(11, (i) => `emails.value eq "x${i}@example.com"`) });
      expect(eleven.status).toBe(400);
      expect(eleven.body.scimType).toBe("invalidFilter");
      expect(eleven.body.detail).toMatch(/11 substring .* at most 10 .*SCIM_FILTER_MAX_EXPENSIVE_TERMS/);
      const ten = await ws.client.get(`/Users?filter=${encodeURIComponent(orOf(10, (i) => `userName sw "findme${i}"`))}`);
      expect(ten.status).toBe(200);
    });

    it("is configurable per handler (ScimHttpOptions.limits, from SCIM_FILTER_MAX_*)", async () => {
      const request = new Request(`${BASE}/Users?filter=${encodeURIComponent('userName eq "a" or userName eq "b"')}`, { headers: { authorization: `Bearer ${ws.client.token}` } });
      const res = await handleScimHttpRequest(request, { limits: { filter: { maxTerms: 1, maxExpensiveTerms: 1 } } });
      expect(res.status).toBe(400);
      expect((await res.json()).detail).toMatch(/2 terms; at most 1/);
    });
  });

  describe("security headers on SCIM responses (the direct `npm start` path builds them the same way)", () => {
    it("every answer, success or error, carries nosniff, DENY, no-referrer and a CSP that loads nothing; HSTS only over https", async () => {
      for (const res of [await ws.client.get("/Users"), await ws.client.get("/Users?filter=bad"), await ws.client.get("/Users", { token: null })]) {
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("x-frame-options")).toBe("DENY");
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
        expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(res.headers.get("strict-transport-security")).toBeNull();
      }
      const secure = await ws.client.get("https://roster.test/api/v2/scim/Users");
      expect(secure.status).toBe(200);
      expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000");
    });
  });

  describe("statement timeout", () => {
    it.skipIf(testEngine !== "postgres")("a statement cut off by DATABASE_STATEMENT_TIMEOUT_MS answers 503 + Retry-After, and the pool recovers", async () => {
      const url = (db as Database & { url?: string }).url!;
      const created = await ws.client.post("/Users", newUser());
      const limited = openPostgres(url, 2, { statementTimeoutMs: 300 });
      // Another session holds the member's row: the PATCH waits on the lock until the timeout fires.
      const holder = new pg.Client({ connectionString: url });
      await holder.connect();
      const logger = { error: vi.fn(), warn: vi.fn() };
      const patch = () =>
        handleScimHttpRequest(
          new Request(`${BASE}/Users/${created.body.id}`, {
            method: "PATCH",
            headers: { authorization: `Bearer ${ws.client.token}`, "content-type": "application/scim+json" },
            body: JSON.stringify(patchOp({ op: "replace", path: "nickName", value: "late" })),
          }),
          { getDatabase: async () => limited, logger },
        );
      try {
        await holder.query("BEGIN");
        await holder.query(`SELECT 1 FROM "Member" WHERE "id" = $1 FOR UPDATE`, [created.body.id]);
        const started = performance.now();
        const res = await patch();
        expect(res.status).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect((await res.json()).detail).toMatch(/took too long in the database/);
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(logger.error).not.toHaveBeenCalled();
        await holder.query("ROLLBACK");
        // Nothing half-applied, and the same pool serves the retry.
        const retry = await patch();
        expect(retry.status).toBe(200);
        expect((await retry.json()).nickName).toBe("late");
      } finally {
        await holder.end();
        await limited.close();
      }
    });
  });
});
