// The production server's direct SCIM path: a real node:http server in front of serveScim, so
// what it adds to the handler (request conversion, streaming, forwarded origin, response
// headers) is checked over a socket.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { resetEnvCache } from "@/lib/env";
import { closeScimTestDatabase, createTestWorkspace, newUser, openScimTestDatabase, type TestWorkspace } from "@/lib/scim-http/test-support";
import { isScimPath, serveScim } from "./node-scim";

describe("isScimPath", () => {
  it("matches the SCIM base path and what is under it, nothing that merely starts alike", () => {
    for (const url of ["/api/v2/scim", "/api/v2/scim/", "/api/v2/scim/Users", "/api/v2/scim/Users/?count=1", "/api/v2/scim?x=1"]) expect(isScimPath(url), url).toBe(true);
    for (const url of [undefined, "/", "/api/v2/scimmer", "/api/v2/sci", "/members", "/api/health", "/API/v2/scim/Users"]) expect(isScimPath(url), String(url)).toBe(false);
  });
});

describe(`direct SCIM server path (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
    server = createServer((req, res) => void serveScim(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await closeScimTestDatabase(db);
  });

  const auth = () => ({ authorization: `Bearer ${ws.client.token}`, "content-type": "application/scim+json" });

  it("creates over a socket; Location ignores a forged X-Forwarded-Host; headers and body arrive intact", async () => {
    const user = newUser();
    const res = await fetch(`${origin}/api/v2/scim/Users/`, {
      method: "POST",
      headers: { ...auth(), "x-forwarded-proto": "https", "x-forwarded-host": "evil.example", "x-request-id": "direct-1" },
      body: JSON.stringify(user),
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.userName).toBe(user.userName);
    expect(res.headers.get("location")).toBe(`${origin}/api/v2/scim/Users/${body.id}`);
    expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
    expect(res.headers.get("etag")).toBe('W/"1"');
    expect(res.headers.get("x-request-id")).toBe("direct-1");
    expect(await db.prisma.member.count({ where: { id: body.id, workspaceId: ws.id } })).toBe(1);
  });

  it("Location follows X-Forwarded-Proto/-Host only when TRUST_PROXY says a proxy writes them", async () => {
    process.env.TRUST_PROXY = "1";
    resetEnvCache();
    try {
      const res = await fetch(`${origin}/api/v2/scim/Users`, {
        method: "POST",
        headers: { ...auth(), "x-forwarded-proto": "https", "x-forwarded-host": "roster.example.com" },
        body: JSON.stringify(newUser()),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get("location")).toMatch(/^https:\/\/roster\.example\.com\/api\/v2\/scim\/Users\//);
    } finally {
      delete process.env.TRUST_PROXY;
      resetEnvCache();
    }
  });

  it("answers errors as SCIM bodies (401 with WWW-Authenticate) and 204 without a body", async () => {
    const denied = await fetch(`${origin}/api/v2/scim/Users`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await denied.json()).status).toBe("401");
    const created = await (await fetch(`${origin}/api/v2/scim/Users`, { method: "POST", headers: auth(), body: JSON.stringify(newUser()) })).json();
    const deleted = await fetch(`${origin}/api/v2/scim/Users/${created.id}`, { method: "DELETE", headers: auth() });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
  });

  it("streams the body into the size limit: an oversized upload is refused with 413", async () => {
    const huge = JSON.stringify({ ...newUser(), title: "x".repeat(2 * 1024 * 1024) });
    const res = await fetch(`${origin}/api/v2/scim/Users`, { method: "POST", headers: auth(), body: huge });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/SCIM_MAX_BODY_BYTES/);
  });
  it("counts a chunked upload (no Content-Length) as it arrives: 413 over the same socket, which then closes", async () => {
    const url = new URL(`${origin}/api/v2/scim/Users`);
    const answer = await new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: "POST", headers: { ...auth(), "transfer-encoding": "chunked" } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      // The server stops reading and closes; writes after that may fail, which is expected here.
      req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        req.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(answer.connection).toBe("close");
    expect(JSON.parse(answer.body).detail).toMatch(/SCIM_MAX_BODY_BYTES/);
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id, title: { startsWith: "xxx" } } })).toBe(0);
  });

  it("keeps the connection open after a normal answer (keep-alive survives the direct path)", async () => {
    const res = await fetch(`${origin}/api/v2/scim/Users?count=1`, { headers: auth() });
    expect(res.status).toBe(200);
    expect(res.headers.get("connection")).not.toBe("close");
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(await res.text()));
  });

  it("writes a group's member list as separate parts: one Content-Length over all of them, multi-byte names intact", async () => {
    const names = ["Zoë Ångström", "李雷", "Ada"];
    const members: string[] = [];
    for (const displayName of names) {
      const res = await fetch(`${origin}/api/v2/scim/Users`, { method: "POST", headers: auth(), body: JSON.stringify({ ...newUser(), displayName }) });
      members.push((await res.json()).id);
    }
    const group = await (
      await fetch(`${origin}/api/v2/scim/Groups`, {
        method: "POST",
        headers: auth(),
        body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Parts ✓", members: members.map((value) => ({ value })) }),
      })
    ).json();
    const res = await fetch(`${origin}/api/v2/scim/Groups/${group.id}`, { headers: auth() });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(Number(res.headers.get("content-length"))).toBe(Buffer.byteLength(text));
    const body = JSON.parse(text);
    expect(body.displayName).toBe("Parts ✓");
    expect(body.members.map((m: { display: string }) => m.display).sort()).toEqual([...names].sort());
    expect(body.members.map((m: { value: string }) => m.value)).toEqual([...members].sort());
  });
});
