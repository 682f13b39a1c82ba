// Malformed input never reaches the database and never answers 500 (issue 17, item 7): one test
// per class the security review's fuzz run found — deep nesting, NUL, lone surrogates, oversized
// strings, unsortable sortBy — plus the audit of such a failed request and the invalid-JSON
// message that must not echo the body.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, newUser, openScimTestDatabase, patchOp, SEARCH_REQUEST, type TestWorkspace } from "./test-support";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { deeper: value };
  return value;
}

/** JSON text nested `depth` levels deep (JSON.stringify itself would overflow the stack on some depths). */
const nestedText = (depth: number) => `${'{"deeper":'.repeat(depth)}"leaf"${"}".repeat(depth)}`;

describe(`malformed SCIM input → 400, never the database (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
    userId = (await ws.client.post("/Users", newUser())).body.id;
    groupId = (await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `g-${Date.now()}` })).body.id;
  });
  afterAll(async () => closeScimTestDatabase(db));

  const expect400 = (res: { status: number; body: { scimType?: string; detail?: string } }, scimType: string, detail?: RegExp) => {
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(400);
    expect(res.body.scimType).toBe(scimType);
    if (detail) expect(res.body.detail).toMatch(detail);
  };

  describe("(a) nesting depth", () => {
    it("refuses a body nested deeper than the cap at the parser, on POST and PATCH", async () => {
      const user = JSON.stringify(newUser()).replace(/}$/, `,"urn:x:deep":${nestedText(5000)}}`);
      expect400(await ws.client.request("POST", "/Users", { rawBody: user }), "invalidSyntax", /nested deeper than 64/);
      const patch = JSON.stringify(patchOp({ op: "add", path: "nickName", value: "x" })).replace('"value":"x"', `"value":${nestedText(1000)}`);
      expect400(await ws.client.request("PATCH", `/Users/${userId}`, { rawBody: patch }), "invalidSyntax", /nested deeper than 64/);
    });

    it("still accepts ordinary nesting", async () => {
      const res = await ws.client.post("/Users", newUser({ "urn:x:ok": nested(10) }));
      expect(res.status).toBe(201);
    });
  });

  describe("(b) NUL characters", () => {
    it.each([
      ["userName", () => newUser({ userName: "nul\u0000@x.test" }), /userName/],
      ["nickName", () => newUser({ nickName: "a\u0000b" }), /nickName/],
      ["emails value", () => newUser({ emails: [{ value: "a\u0000@x.test", primary: true }] }), /emails/],
    ])("POST /Users with NUL in %s → 400 invalidValue naming it", async (_name, body, attribute) => {
      expect400(await ws.client.post("/Users", body()), "invalidValue", attribute);
    });

    it("a group displayName with NUL → 400 naming it", async () => {
      expect400(await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "g\u0000" }), "invalidValue", /displayName/);
    });

    it("PATCH values with NUL → 400", async () => {
      expect400(await ws.client.patch(`/Users/${userId}`, patchOp({ op: "replace", path: "nickName", value: "a\u0000" })), "invalidValue", /nickName/);
      expect400(await ws.client.patch(`/Users/${userId}`, patchOp({ op: "replace", value: { displayName: "a\u0000" } })), "invalidValue", /displayName/);
      expect400(await ws.client.patch(`/Groups/${groupId}`, patchOp({ op: "replace", path: "displayName", value: "\u0000" })), "invalidValue", /displayName/);
    });

    it("filters with NUL → 400 invalidFilter", async () => {
      expect400(await ws.client.get(`/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`), "invalidFilter");
      expect400(await ws.client.get(`/Groups?filter=${encodeURIComponent('displayName co "\u0000"')}`), "invalidFilter");
      expect400(await ws.client.get(`/Users?filter=${encodeURIComponent('userName eq "a\\u0000"')}`), "invalidFilter", /NUL/);
      // In a SearchRequest body the filter is a string member like any other.
      expect400(await ws.client.post("/Users/.search", { schemas: [SEARCH_REQUEST], filter: 'emails.value sw "\u0000"' }), "invalidValue", /filter/);
    });
  });

  describe("(c) lone surrogates", () => {
    it("refuses an unpaired surrogate in a value, keeps a paired one", async () => {
      expect400(await ws.client.request("POST", "/Users", { rawBody: JSON.stringify(newUser()).replace(/"userName":"/, '"userName":"a\\udc00b') }), "invalidValue", /userName/);
      expect400(await ws.client.request("POST", "/Users", { rawBody: JSON.stringify(newUser({ nickName: "x" })).replace('"nickName":"x"', '"nickName":"\\ud800"') }), "invalidValue", /nickName/);
      expect400(await ws.client.get(`/Users?filter=${encodeURIComponent('userName eq "\\udc00"')}`), "invalidFilter");
      const ok = await ws.client.post("/Users", newUser({ nickName: "rocket 🚀" }));
      expect(ok.status).toBe(201);
      expect(ok.body.nickName).toBe("rocket 🚀");
    });

    it("refuses an unpaired surrogate in an attribute NAME too (it would reach jsonb)", async () => {
      const body = JSON.stringify(newUser()).replace(/}$/, ',"urn:x:\\udc00":"v"}');
      const res = await ws.client.request("POST", "/Users", { rawBody: body });
      expect(res.status).toBe(400);
    });
  });

  describe("(d) string lengths", () => {
    it("refuses a 20,000-character userName and a 900,000-character group displayName naming the limit", async () => {
      expect400(await ws.client.post("/Users", newUser({ userName: `${"u".repeat(20_000)}@x.test` })), "invalidValue", /userName.*256.*SCIM_MAX_NAME_LENGTH/);
      expect400(await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "g".repeat(900_000) }), "invalidValue", /displayName/);
      expect400(await ws.client.patch(`/Users/${userId}`, patchOp({ op: "replace", path: "userName", value: "u".repeat(20_000) })), "invalidValue", /userName/);
      expect400(await ws.client.post("/Users", newUser({ title: "t".repeat(8193) })), "invalidValue", /title.*8192.*SCIM_MAX_STRING_LENGTH/);
      expect((await ws.client.post("/Users", newUser({ title: "t".repeat(8192), userName: `${"u".repeat(240)}@x.test` }))).status).toBe(201);
    });

    it("refuses an oversized filter literal", async () => {
      const res = await ws.client.post("/Users/.search", { schemas: [SEARCH_REQUEST], filter: `userName eq "${"x".repeat(20_000)}"` });
      expect(res.status).toBe(400);
    });
  });

  describe("(e) sortBy", () => {
    it.each(["emails.primary", "phoneNumbers.primary", "name", "password"])("sortBy=%s → 400 invalidValue", async (path) => {
      expect400(await ws.client.get(`/Users?sortBy=${path}`), "invalidValue", /sort/i);
    });

    it("still sorts by a string attribute", async () => {
      expect((await ws.client.get("/Users?sortBy=emails.value")).status).toBe(200);
      expect((await ws.client.get("/Users?sortBy=name.familyName&sortOrder=descending")).status).toBe(200);
      expect((await ws.client.get("/Users?sortBy=emails")).status).toBe(200);
      expect((await ws.client.get("/Users?sortBy=active")).status).toBe(200);
    });
  });

  describe("(f) the audit of a failed request", () => {
    it("is recorded, and stores a sanitized copy of what the client sent", async () => {
      const res = await ws.client.patch(`/Users/${userId}`, patchOp({ op: "replace", path: "nickName", value: "a\u0000" }));
      expect(res.status).toBe(400);
      const event = await db.prisma.auditEvent.findFirst({ where: { workspaceId: ws.id, outcome: "FAILURE" }, orderBy: { createdAt: "desc" } });
      expect(event).not.toBeNull();
      expect(JSON.stringify(event!.details)).not.toContain("\\u0000");
      expect((event!.details as { status: number }).status).toBe(400);
    });

    it("a client-chosen path with NUL is audited sanitized, and the answer is a 4xx", async () => {
      const res = await ws.client.patch(`/Users/a%00b${"z".repeat(5000)}`, patchOp({ op: "replace", path: "nickName", value: "x" }));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      const event = await db.prisma.auditEvent.findFirst({ where: { workspaceId: ws.id, outcome: "FAILURE" }, orderBy: { createdAt: "desc" } });
      const path = (event!.details as { path: string }).path;
      expect(path).toMatch(/^\/Users\/a\ufffdb/);
      expect(path.length).toBeLessThan(300);
      expect(event!.targetId).toMatch(/^a\ufffdb/);
    });

    it("invalid JSON names the position, never the body's text", async () => {
      const res = await ws.client.request("POST", "/Users", { rawBody: '{"userName":"a@x.test","password":"Sup3rSecretFragment' });
      expect400(res, "invalidSyntax", /position|line/);
      expect(res.body.detail).not.toContain("Sup3rSecret");
      const event = await db.prisma.auditEvent.findFirst({ where: { workspaceId: ws.id, outcome: "FAILURE" }, orderBy: { createdAt: "desc" } });
      expect(JSON.stringify(event!.details)).not.toContain("Sup3rSecret");
    });
  });
});
