// POST /Bulk through the real route handlers: bulkId references (including forward ones), each
// operation in its own transaction, failOnErrors, per-operation If-Match, limits, audit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { resetEnvCache } from "@/lib/env";
import {
  BULK_REQUEST,
  closeScimTestDatabase,
  createTestWorkspace,
  GROUP_SCHEMA,
  newUser,
  openScimTestDatabase,
  PATCH_OP,
  type TestWorkspace,
} from "./test-support";

const BULK_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

describe(`SCIM /Bulk (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
  });
  afterAll(async () => closeScimTestDatabase(db));
  afterEach(() => {
    delete process.env.SCIM_BULK_MAX_OPERATIONS;
    resetEnvCache();
  });

  it("creates users and a group that references them by bulkId (also forward), each operation its own transaction", async () => {
    const ada = newUser();
    const grace = newUser();
    const res = await ws.client.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "ada", data: ada },
        // References "grace", created by a later operation: deferred until it exists.
        { method: "POST", path: "/Groups", bulkId: "team", data: { schemas: [GROUP_SCHEMA], displayName: `bulk-team-${Date.now()}`, members: [{ value: "bulkId:ada" }, { value: "bulkId:grace" }] } },
        { method: "POST", path: "/Users", bulkId: "grace", data: grace },
        { method: "PATCH", path: "/Users/bulkId:ada", data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "Countess" }] } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([BULK_RESPONSE]);
    const ops = res.body.Operations as { method: string; bulkId?: string; status: string; location?: string; version?: string }[];
    expect(ops.map((o) => [o.method, o.bulkId, o.status])).toEqual([
      ["POST", "ada", "201"],
      ["POST", "grace", "201"],
      ["PATCH", undefined, "200"],
      ["POST", "team", "201"],
    ]);
    const adaId = ops[0].location!.split("/").pop()!;
    const graceId = ops[1].location!.split("/").pop()!;
    expect(ops[0].location).toBe(`http://roster.test/api/v2/scim/Users/${adaId}`);
    expect(ops[0].version).toBe('W/"1"');
    expect(ops[2].location).toBe(`http://roster.test/api/v2/scim/Users/${adaId}`);
    expect(ops[2].version).toBe('W/"2"');
    const groupId = ops[3].location!.split("/").pop()!;
    const members = await db.prisma.groupMembership.findMany({ where: { groupId } });
    expect(members.map((m) => m.memberId).sort()).toEqual([adaId, graceId].sort());
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: adaId } })).title).toBe("Countess");
    // Each operation audited on its own, plus the bulk summary.
    expect(await db.prisma.auditEvent.count({ where: { targetId: adaId, action: { in: ["scim.user.created", "scim.user.updated"] } } })).toBe(2);
    expect(await db.prisma.auditEvent.findFirst({ where: { workspaceId: ws.id, action: "scim.bulk.processed" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      outcome: "SUCCESS",
      details: { operations: 4, processed: 4, failed: 0 },
    });
  });

  it("keeps earlier operations when a later one fails, reports errors per operation, and fails references to a failed POST", async () => {
    const existing = await ws.client.post("/Users", newUser());
    const fresh = newUser();
    const res = await ws.client.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "ok", data: fresh },
        { method: "POST", path: "/Users", bulkId: "dup", data: { ...newUser(), userName: existing.body.userName } },
        { method: "PATCH", path: "/Users/bulkId:dup", data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "x" }] } },
        { method: "DELETE", path: "/Users/00000000-0000-4000-8000-000000000000" },
        { method: "PUT", path: `/Users/${existing.body.id}`, version: 'W/"99"', data: newUser({ userName: existing.body.userName }) },
      ],
    });
    expect(res.status).toBe(200);
    const ops = res.body.Operations as { status: string; response?: { scimType?: string; status?: string } }[];
    expect(ops.map((o) => o.status)).toEqual(["201", "409", "409", "404", "412"]);
    expect(ops[1].response).toMatchObject({ status: "409", scimType: "uniqueness" });
    expect(ops[2].response).toMatchObject({ scimType: "invalidValue" });
    expect(await db.prisma.member.count({ where: { workspaceId: ws.id, userName: fresh.userName } })).toBe(1);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: existing.body.id } })).version).toBe(1);
    expect(await db.prisma.auditEvent.findFirst({ where: { workspaceId: ws.id, action: "scim.bulk.processed" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      outcome: "FAILURE",
      details: { operations: 5, processed: 5, failed: 4 },
    });
  });

  it("stops after failOnErrors failures", async () => {
    const taken = await ws.client.post("/Users", newUser());
    const later = newUser();
    const res = await ws.client.post("/Bulk", {
      schemas: [BULK_REQUEST],
      failOnErrors: 1,
      Operations: [
        { method: "POST", path: "/Users", bulkId: "a", data: { ...newUser(), userName: taken.body.userName } },
        { method: "POST", path: "/Users", bulkId: "b", data: later },
      ],
    });
    expect(res.body.Operations).toHaveLength(1);
    expect(await db.prisma.member.count({ where: { userName: later.userName } })).toBe(0);
  });

  it("rejects operations outside /Users and /Groups, and a malformed BulkRequest", async () => {
    const res = await ws.client.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [{ method: "POST", path: "/Bulk", bulkId: "x", data: {} }, { method: "DELETE", path: "/ServiceProviderConfig" }],
    });
    expect(res.body.Operations.map((o: { status: string }) => o.status)).toEqual(["400", "400"]);
    const malformed = await ws.client.post("/Bulk", { Operations: [] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.scimType).toBe("invalidSyntax");
  });

  it("answers 413 when there are more operations than SCIM_BULK_MAX_OPERATIONS", async () => {
    process.env.SCIM_BULK_MAX_OPERATIONS = "2";
    resetEnvCache();
    const res = await ws.client.post("/Bulk", {
      schemas: [BULK_REQUEST],
      Operations: [1, 2, 3].map((i) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: newUser() })),
    });
    expect(res.status).toBe(413);
    expect(res.body.detail).toContain("maxOperations");
    expect((await ws.client.get("/ServiceProviderConfig")).body.bulk.maxOperations).toBe(2);
  });
});
