// HTTP-level rules of the SCIM API through the real route handlers: authentication, SCIM switched
// off, workspace isolation, methods and paths, media types, body limits, error mapping (500 and
// 503), failure audit, discovery.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { setDatabaseForProcess } from "@/lib/db";
import { openPostgres } from "@/lib/db/engines";
import { testEngine } from "@/lib/db/testing";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createApiToken, revokeApiToken } from "@/lib/tokens";
import { invalidateTokenCache, TOKEN_CACHE_TTL_MS } from "@/lib/tokens/auth-cache";
import { setScimEnabled } from "@/lib/workspaces/scim-settings";
import { handleScimHttpRequest } from "./handle";
import {
  BASE,
  callRoute,
  closeScimTestDatabase,
  createTestWorkspace,
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  newUser,
  openScimTestDatabase,
  patchOp,
  type TestWorkspace,
} from "./test-support";

describe(`SCIM HTTP protocol (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
  });
  afterAll(async () => closeScimTestDatabase(db));

  /** An active admin of the workspace, to act in the admin UI's functions. */
  const adminOf = async (workspace: TestWorkspace) =>
    (await db.prisma.member.create({ data: { workspaceId: workspace.id, userName: `admin@${workspace.slug}.test`, role: "ADMIN", status: "ACTIVE" } })).id;

  const expectScimError = (res: { status: number; body: Record<string, unknown>; headers: Headers }, status: number, scimType?: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(res.body.schemas).toEqual([ERROR_SCHEMA]);
    expect(res.body.status).toBe(String(status));
    expect(typeof res.body.detail).toBe("string");
    if (scimType) expect(res.body.scimType).toBe(scimType);
  };

  describe("authentication", () => {
    const unauthorized = async (headers: Record<string, string> | null) => {
      const res = await callRoute("GET", "/Users", null, { headers: headers ?? {} });
      expectScimError(res, 401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="roster-scim"');
      return res;
    };

    it("answers 401 with WWW-Authenticate for a missing header, another scheme, or an unknown token", async () => {
      await unauthorized(null);
      await unauthorized({ authorization: `Basic ${Buffer.from("a:b").toString("base64")}` });
      await unauthorized({ authorization: `Token ${ws.client.token}` });
      await unauthorized({ authorization: "Bearer" });
      await unauthorized({ authorization: "Bearer roster_not-a-real-token" });
      await unauthorized({ authorization: `Bearer ${ws.client.token}x` });
    });

    it("accepts the scheme name in any case", async () => {
      expect((await callRoute("GET", "/Users", null, { headers: { authorization: `bearer ${ws.client.token}` } })).status).toBe(200);
    });

    it("answers 401 for a revoked token and an expired token", async () => {
      const revoked = await createApiToken(db.prisma, { workspaceId: ws.id, name: "to-revoke", actor: { kind: "SYSTEM", label: "test" } });
      expect((await callRoute("GET", "/Users", revoked.secret)).status).toBe(200);
      await revokeApiToken(db.prisma, { workspaceId: ws.id, id: revoked.id, actor: { kind: "SYSTEM", label: "test" } });
      const afterRevoke = await callRoute("GET", "/Users", revoked.secret);
      expectScimError(afterRevoke, 401);
      expect(afterRevoke.body.detail).toContain("revoked");

      const expiring = await createApiToken(db.prisma, { workspaceId: ws.id, name: "expiring", expiresInDays: 1, actor: { kind: "SYSTEM", label: "test" } });
      expect((await callRoute("GET", "/Users", expiring.secret)).status).toBe(200);
      await db.prisma.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      invalidateTokenCache(); // the edit above is not a code path that clears it
      const afterExpiry = await callRoute("POST", "/Users", expiring.secret, { body: newUser() });
      expectScimError(afterExpiry, 401);
      expect(afterExpiry.body.detail).toContain("expired");
    });

    it("records the token's last use", async () => {
      const token = await createApiToken(db.prisma, { workspaceId: ws.id, name: "last-used", actor: { kind: "SYSTEM", label: "test" } });
      await callRoute("GET", "/Users?count=1", token.secret);
      expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt).not.toBeNull();
    });
  });

  describe("SCIM disabled for the workspace", () => {
    it("answers 403 'SCIM provisioning is disabled for this workspace' to every request and changes nothing", async () => {
      const off = await createTestWorkspace(db, { scimEnabled: false });
      const members = await db.prisma.member.count();
      for (const res of [
        await off.client.get("/Users"),
        await off.client.post("/Users", newUser()),
        await off.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "x" }),
        await off.client.get("/ServiceProviderConfig"),
      ]) {
        expectScimError(res, 403);
        expect(res.body.detail).toBe("SCIM provisioning is disabled for this workspace");
      }
      expect(await db.prisma.member.count()).toBe(members);
      expect(await db.prisma.group.count({ where: { workspaceId: off.id } })).toBe(0);
      // The refused writes are on record as failures.
      expect(await db.prisma.auditEvent.count({ where: { workspaceId: off.id, outcome: "FAILURE" } })).toBe(2);
      // Switching it back on restores access.
      await setScimEnabled(db.prisma, { workspaceId: off.id, actorId: await adminOf(off), enabled: true });
      expect((await off.client.get("/Users")).status).toBe(200);
    });
  });

  describe("remembered tokens", () => {
    afterEach(() => vi.useRealTimers());

    it("a token revoked by another instance (straight in the database) is refused once TOKEN_CACHE_TTL_MS has passed", async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      const token = await createApiToken(db.prisma, { workspaceId: ws.id, name: "elsewhere", actor: { kind: "SYSTEM", label: "test" } });
      expect((await callRoute("GET", "/Users?count=1", token.secret)).status).toBe(200);
      await db.prisma.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
      vi.setSystemTime(Date.now() + TOKEN_CACHE_TTL_MS + 1);
      expectScimError(await callRoute("GET", "/Users?count=1", token.secret), 401);
    });

    it("switching SCIM off in this process applies to the very next request", async () => {
      const own = await createTestWorkspace(db);
      expect((await own.client.get("/Users?count=1")).status).toBe(200);
      await setScimEnabled(db.prisma, { workspaceId: own.id, actorId: await adminOf(own), enabled: false });
      expectScimError(await own.client.get("/Users?count=1"), 403);
    });
  });

  describe("workspace isolation", () => {
    it("never shows or changes another workspace's users and groups (404, empty lists)", async () => {
      const a = await createTestWorkspace(db);
      const b = await createTestWorkspace(db);
      const user = await b.client.post("/Users", newUser());
      const group = await b.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "B only", members: [{ value: user.body.id }] });
      const id = user.body.id;
      expectScimError(await a.client.get(`/Users/${id}`), 404);
      expectScimError(await a.client.put(`/Users/${id}`, newUser()), 404);
      expectScimError(await a.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false })), 404);
      expectScimError(await a.client.delete(`/Users/${id}`), 404);
      expectScimError(await a.client.get(`/Groups/${group.body.id}`), 404);
      expectScimError(await a.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "replace", path: "members", value: [] })), 404);
      expectScimError(await a.client.delete(`/Groups/${group.body.id}`), 404);
      expect((await a.client.get(`/Users?filter=userName eq "${user.body.userName}"`)).body.totalResults).toBe(0);
      expect((await a.client.get(`/Users?filter=id eq "${id}"`)).body.totalResults).toBe(0);
      expect((await a.client.get("/Groups")).body.totalResults).toBe(0);
      expect((await a.client.get("/Users")).body.totalResults).toBe(0);
      // B's data is untouched.
      const still = await b.client.get(`/Users/${id}`);
      expect(still.body.active).toBe(true);
      expect(still.body.meta.version).toBe('W/"1"');
      expect((await b.client.get(`/Groups/${group.body.id}`)).body.members).toHaveLength(1);
    });
  });

  describe("methods and paths", () => {
    it("answers 405 with Allow for verbs an endpoint does not support", async () => {
      const user = await ws.client.post("/Users", newUser());
      const cases: [Parameters<typeof callRoute>[0], string, string][] = [
        ["DELETE", "/Users", "GET, POST"],
        ["PUT", "/Users", "GET, POST"],
        ["POST", `/Users/${user.body.id}`, "GET, PUT, PATCH, DELETE"],
        ["GET", "/Users/.search", "POST"],
        ["GET", "/Bulk", "POST"],
        ["GET", "/.search", "POST"],
        ["PUT", "/ServiceProviderConfig", "GET"],
        ["DELETE", "/Schemas", "GET"],
        ["POST", "/ResourceTypes/User", "GET"],
        ["PATCH", "/Groups", "GET, POST"],
      ];
      for (const [method, path, allow] of cases) {
        const res = await callRoute(method, path, ws.client.token, method === "GET" || method === "DELETE" ? {} : { body: {} });
        expectScimError(res, 405);
        expect(res.headers.get("allow")).toBe(allow);
      }
      for (const method of ["HEAD", "OPTIONS"] as const) {
        const res = await callRoute(method, "/Users", ws.client.token);
        expect(res.status).toBe(405);
      }
    });

    it("answers 404 for unknown paths, and ignores trailing or doubled slashes and the case of endpoint names", async () => {
      expectScimError(await ws.client.get("/Nothing"), 404);
      expectScimError(await ws.client.get("/Users/a/b"), 404);
      expectScimError(await ws.client.get(""), 404);
      expect((await ws.client.get("/Users/")).status).toBe(200);
      expect((await callRoute("GET", `${BASE}//Users?count=1`, ws.client.token)).status).toBe(200);
      expect((await ws.client.get("/users?count=1")).status).toBe(200);
      expect((await ws.client.get("/ServiceProviderConfig/")).status).toBe(200);
    });
  });

  describe("media types and bodies", () => {
    it("accepts application/scim+json and application/json with or without charset; answers application/scim+json", async () => {
      for (const type of ["application/scim+json", "application/json", "application/scim+json; charset=utf-8", "application/json;charset=UTF-8"]) {
        const res = await ws.client.post("/Users", newUser(), { headers: { "content-type": type } });
        expect(res.status).toBe(201);
        expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
      }
    });

    it("answers 415 for another media type and 400 invalidSyntax for malformed JSON", async () => {
      expectScimError(await ws.client.post("/Users", newUser(), { headers: { "content-type": "text/plain" } }), 415);
      expectScimError(await ws.client.post("/Users", undefined, { rawBody: '{"userName": "x",', headers: { "content-type": "application/scim+json" } }), 400, "invalidSyntax");
      expectScimError(await ws.client.post("/Users", undefined, { rawBody: "", headers: { "content-type": "application/scim+json" } }), 400);
    });

    it("answers 413 when Content-Length declares more than SCIM_MAX_BODY_BYTES (1 MiB), before authenticating", async () => {
      const big = JSON.stringify(newUser({ title: "x".repeat(1024 * 1024) }));
      expectScimError(await ws.client.post("/Users", undefined, { rawBody: big }), 413);
      const declared = { "content-length": String(Buffer.byteLength(big)) };
      expectScimError(await callRoute("POST", "/Users", null, { rawBody: big, headers: declared }), 413);
      // Just under the limit is fine (rejected for the value, not the size).
      // (Made of strings under SCIM_MAX_STRING_LENGTH, in an extension the server keeps as sent.)
      const filler = Array.from({ length: 208 }, () => "x".repeat(5000));
      const justUnder = JSON.stringify(newUser({ "urn:example:filler": filler }));
      expect(Buffer.byteLength(justUnder)).toBeLessThanOrEqual(1024 * 1024);
      expect(Buffer.byteLength(justUnder)).toBeGreaterThan(1024 * 1024 - 10_000);
      expect((await ws.client.post("/Users", undefined, { rawBody: justUnder })).status).toBe(201);
    });

    it("answers 413 for a streamed body without Content-Length once it passes the limit, without reading the rest", async () => {
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      // An endless body: a server that buffered it before checking would never answer.
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const res = await ws.client.post("/Users", undefined, { rawBody: endless });
      expectScimError(res, 413);
      expect(pulled).toBeLessThan(2 * 1024 * 1024);
      expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, outcome: "FAILURE", details: { path: ["status"], equals: 413 } } })).toBeGreaterThan(0);
    });
  });

  describe("error mapping", () => {
    it("answers 503 with Retry-After when the database cannot be reached", async () => {
      const unreachable = openPostgres("postgres://postgres@127.0.0.1:1/nothing", 1);
      setDatabaseForProcess(unreachable);
      try {
        const res = await ws.client.get("/Users");
        expectScimError(res, 503);
        expect(res.headers.get("retry-after")).toBe("5");
        expectScimError(await ws.client.post("/Users", newUser()), 503);
      } finally {
        setDatabaseForProcess(db);
        await unreachable.close();
      }
    });

    it("answers 503 when the database cannot even be opened (connection refused)", async () => {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      const logger = { error: vi.fn(), warn: vi.fn() };
      const res = await handleScimHttpRequest(new Request(`${BASE}/Users`, { headers: { authorization: `Bearer ${ws.client.token}` } }), {
        getDatabase: () => Promise.reject(refused),
        logger,
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await res.json()).schemas).toEqual([ERROR_SCHEMA]);
    });

    it("answers a client that drops the connection mid-body as a bad request, not as a database outage", async () => {
      const reset = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
      const dropped = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"schemas":['));
        },
        pull(controller) {
          controller.error(reset);
        },
      });
      const logger = { error: vi.fn(), warn: vi.fn() };
      const res = await handleScimHttpRequest(
        new Request(`${BASE}/Users`, {
          method: "POST",
          body: dropped,
          duplex: "half",
          headers: { authorization: `Bearer ${ws.client.token}`, "content-type": "application/scim+json" },
        } as RequestInit),
        { logger },
      );
      expect(res.status).toBe(400);
      expect(res.headers.get("retry-after")).toBeNull();
      expect((await res.json()).scimType).toBe("invalidSyntax");
      expect(logger.error).not.toHaveBeenCalled();
      expect(JSON.stringify(logger.warn.mock.calls)).toContain("client closed the request");
      expect(JSON.stringify(logger.warn.mock.calls)).not.toContain("database unavailable");
    });

    it("answers 500 with the request id and no internals for an unexpected error, and logs it server-side", async () => {
      const failing = db.prisma.$extends({
        query: {
          $allOperations({ args, query }) {
            const strings = (args as { strings?: string[] })?.strings?.join("");
            if (strings?.includes('FROM "Member" m')) throw new Error("kaboom: internal detail");
            return query(args);
          },
        },
      }) as unknown as PrismaClient;
      const logger = { error: vi.fn(), warn: vi.fn() };
      const res = await handleScimHttpRequest(
        new Request(`${BASE}/Users`, { headers: { authorization: `Bearer ${ws.client.token}`, "x-request-id": "req-500" } }),
        { getDatabase: async () => ({ prisma: failing, sql: failing, sqlTransaction: (work) => failing.$transaction((tx) => work(tx)) }), logger },
      );
      const body = await res.json();
      expect(res.status).toBe(500);
      expect(body).toEqual({ schemas: [ERROR_SCHEMA], status: "500", detail: "Internal server error (request id req-500)." });
      expect(JSON.stringify(body)).not.toContain("kaboom");
      expect(res.headers.get("x-request-id")).toBe("req-500");
      expect(logger.error).toHaveBeenCalledOnce();
      const logged = JSON.stringify(logger.error.mock.calls[0]);
      expect(logged).toContain("kaboom");
      expect(logged).not.toContain(ws.client.token);
    });

    it("generates a request id when none (or an unusable one) is sent", async () => {
      const res = await callRoute("GET", "/Users?count=1", ws.client.token, { headers: { "x-request-id": "bad id with spaces" } });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe("failure audit", () => {
    it("records failed mutating requests (outside the rolled back transaction) with status and scimType, but not reads", async () => {
      const user = await ws.client.post("/Users", newUser());
      const before = await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, outcome: "FAILURE" } });
      await ws.client.post("/Users", { ...newUser(), userName: user.body.userName }, { headers: { "x-request-id": "dup-1" } });
      await ws.client.get("/Users/00000000-0000-4000-8000-000000000000");
      const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { requestId: "dup-1" } });
      expect(event).toMatchObject({ action: "scim.user.created", outcome: "FAILURE", actorKind: "TOKEN", details: { status: 409, scimType: "uniqueness", method: "POST" } });
      expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, outcome: "FAILURE" } })).toBe(before + 1);
    });

    it("never records a password sent in a failed request", async () => {
      const user = await ws.client.post("/Users", newUser());
      await ws.client.post("/Users", { ...newUser({ password: "super-secret-password-1" }), userName: user.body.userName }, { headers: { "x-request-id": "dup-pw" } });
      const events = await db.prisma.auditEvent.findMany({ where: { requestId: "dup-pw" } });
      expect(events).toHaveLength(1);
      expect(JSON.stringify(events)).not.toContain("super-secret-password-1");
    });
  });

  describe("discovery", () => {
    it("serves ServiceProviderConfig, ResourceTypes and Schemas (and 404s unknown ones)", async () => {
      const config = await ws.client.get("/ServiceProviderConfig");
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        patch: { supported: true },
        bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1024 * 1024 },
        filter: { supported: true, maxResults: 1000 },
        etag: { supported: true },
        sort: { supported: true },
        meta: { location: `${BASE}/ServiceProviderConfig` },
      });
      const types = await ws.client.get("/ResourceTypes");
      expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(["User", "Group"]);
      expect((await ws.client.get("/ResourceTypes/User")).body.schemaExtensions).toEqual([
        { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false },
      ]);
      expectScimError(await ws.client.get("/ResourceTypes/Printer"), 404);
      const schemas = await ws.client.get("/Schemas");
      expect(schemas.body.totalResults).toBe(3);
      const user = await ws.client.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
      expect(user.body.id).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
      expectScimError(await ws.client.get("/Schemas/urn:nope"), 404);
    });
  });
});
