import { describe, expect, test, vi } from "vitest";
import {
  BULK_REQUEST_SCHEMA,
  BULK_RESPONSE_SCHEMA,
  executeBulk,
  parseBulkRequest,
  type BulkExecutableOperation,
  type BulkExecutionResult,
  type BulkRequest,
} from "./bulk";
import { ScimError } from "./errors";

const LIMITS = { maxOperations: 10, maxPayloadSize: 1_000 };
const body = (Operations: unknown[], extra: object = {}) => ({ schemas: [BULK_REQUEST_SCHEMA], Operations, ...extra });

function scimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe("parseBulkRequest", () => {
  test("parses operations; method and member names are case-insensitive", () => {
    const request = parseBulkRequest(
      { schemas: [BULK_REQUEST_SCHEMA], failonerrors: 2, operations: [{ Method: "post", path: "/Users", bulkId: "q", data: { userName: "a" } }, { method: "DELETE", path: "/Users/1", version: 'W/"1"' }] },
      100,
      LIMITS,
    );
    expect(request).toStrictEqual({
      failOnErrors: 2,
      operations: [
        { method: "POST", path: "/Users", bulkId: "q", data: { userName: "a" } },
        { method: "DELETE", path: "/Users/1", version: 'W/"1"' },
      ],
    });
  });

  test("failOnErrors is optional; DELETE needs no data", () => {
    expect(parseBulkRequest(body([{ method: "delete", path: "/Groups/1" }]), 10, LIMITS)).toStrictEqual({ operations: [{ method: "DELETE", path: "/Groups/1" }] });
  });

  test("a payload over maxPayloadSize is 413 naming the limit, with no scimType", () => {
    const error = scimError(() => parseBulkRequest(body([]), 1_001, LIMITS));
    expect(error.status).toBe(413);
    expect(error.scimType).toBeUndefined();
    expect(error.detail).toContain("maxPayloadSize (1000)");
  });

  test("more than maxOperations operations is 413 naming the limit", () => {
    const operations = Array.from({ length: 11 }, (_, index) => ({ method: "DELETE", path: `/Users/${index}` }));
    const error = scimError(() => parseBulkRequest(body(operations), 10, LIMITS));
    expect(error.status).toBe(413);
    expect(error.detail).toContain("maxOperations (10)");
  });

  test.each([
    ["a missing BulkRequest schema", { schemas: ["urn:x"], Operations: [] }, "schemas"],
    ["an unknown method", body([{ method: "GET", path: "/Users" }]), "Operations[0].method"],
    ["a path not starting with /", body([{ method: "DELETE", path: "Users/1" }]), "Operations[0].path"],
    ["a POST without bulkId", body([{ method: "POST", path: "/Users", data: {} }]), "Operations[0].bulkId"],
    ["a PUT without data", body([{ method: "PUT", path: "/Users/1" }]), "Operations[0].data"],
    ["a failOnErrors below 1", body([], { failOnErrors: 0 }), "failOnErrors"],
  ])("rejects %s as invalidSyntax", (_, request, location) => {
    const error = scimError(() => parseBulkRequest(request, 10, LIMITS));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidSyntax");
    expect(error.detail).toContain(location);
  });

  test("a bulkId used by two POSTs is invalidValue", () => {
    const operations = [
      { method: "POST", path: "/Users", bulkId: "a", data: {} },
      { method: "POST", path: "/Users", bulkId: "a", data: {} },
    ];
    expect(scimError(() => parseBulkRequest(body(operations), 10, LIMITS)).scimType).toBe("invalidValue");
  });
});

/** A fake HTTP layer: POST creates `<bulkId-ish>-id`, everything else succeeds unless scripted. */
function fakeExecutor(script: Record<string, BulkExecutionResult | Error> = {}) {
  const calls: BulkExecutableOperation[] = [];
  let created = 0;
  const execute = vi.fn(async (operation: BulkExecutableOperation): Promise<BulkExecutionResult> => {
    calls.push(operation);
    const scripted = script[`${operation.method} ${operation.path}`];
    if (scripted instanceof Error) throw scripted;
    if (scripted) return scripted;
    if (operation.method === "POST") {
      created += 1;
      return { status: 201, location: `https://x/v2${operation.path}/id-${created}`, version: 'W/"1"', response: { id: `id-${created}` } };
    }
    return { status: operation.method === "DELETE" ? 204 : 200, location: `https://x/v2${operation.path}`, version: 'W/"2"' };
  });
  return { execute, calls };
}

const request = (operations: BulkRequest["operations"], failOnErrors?: number): BulkRequest => ({ operations, ...(failOnErrors ? { failOnErrors } : {}) });

describe("executeBulk", () => {
  test("runs operations in order and builds the BulkResponse", async () => {
    const { execute } = fakeExecutor();
    const response = await executeBulk(
      request([
        { method: "POST", path: "/Users", bulkId: "qwerty", data: { userName: "alice" } },
        { method: "DELETE", path: "/Users/b7c14771", version: 'W/"0"' },
      ]),
      { execute },
    );
    expect(response).toStrictEqual({
      schemas: [BULK_RESPONSE_SCHEMA],
      Operations: [
        { method: "POST", bulkId: "qwerty", version: 'W/"1"', location: "https://x/v2/Users/id-1", status: "201" },
        { method: "DELETE", version: 'W/"2"', location: "https://x/v2/Users/b7c14771", status: "204" },
      ],
    });
    expect(execute).toHaveBeenCalledWith({ method: "DELETE", path: "/Users/b7c14771", version: 'W/"0"' });
  });

  test("bulkId references in data (at any depth) and in the path are replaced by the created id", async () => {
    const { execute, calls } = fakeExecutor();
    await executeBulk(
      request([
        { method: "POST", path: "/Users", bulkId: "alice", data: { userName: "alice" } },
        { method: "POST", path: "/Groups", bulkId: "group", data: { displayName: "G", members: [{ type: "User", value: "bulkId:alice" }] } },
        { method: "PATCH", path: "/Groups/bulkId:group", data: { Operations: [{ op: "add", path: "members", value: [{ value: "bulkId:alice" }] }] } },
      ]),
      { execute },
    );
    expect(calls[1].data).toStrictEqual({ displayName: "G", members: [{ type: "User", value: "id-1" }] });
    expect(calls[2]).toStrictEqual({ method: "PATCH", path: "/Groups/id-2", data: { Operations: [{ op: "add", path: "members", value: [{ value: "id-1" }] }] } });
  });

  test("an operation referencing a bulkId created later is deferred until it exists (RFC 7644 §3.7.2)", async () => {
    const { execute, calls } = fakeExecutor();
    const response = await executeBulk(
      request([
        { method: "POST", path: "/Groups", bulkId: "group", data: { displayName: "G", members: [{ value: "bulkId:alice" }] } },
        { method: "POST", path: "/Users", bulkId: "alice", data: { userName: "alice" } },
      ]),
      { execute },
    );
    expect(calls.map((call) => call.path)).toEqual(["/Users", "/Groups"]);
    expect(calls[1].data).toStrictEqual({ displayName: "G", members: [{ value: "id-1" }] });
    expect(response.Operations.map((operation) => [operation.bulkId, operation.status])).toEqual([["alice", "201"], ["group", "201"]]);
  });

  test("the created id may come from the location when the response has none", async () => {
    const { execute, calls } = fakeExecutor({ "POST /Users": { status: 201, location: "https://x/v2/Users/from-location/" } });
    await executeBulk(request([{ method: "POST", path: "/Users", bulkId: "a", data: {} }, { method: "DELETE", path: "/Users/bulkId:a" }]), { execute });
    expect(calls[1].path).toBe("/Users/from-location");
  });

  test("a circular reference fails every operation in the cycle with 409 invalidValue", async () => {
    const { execute } = fakeExecutor();
    const response = await executeBulk(
      request([
        { method: "POST", path: "/Groups", bulkId: "a", data: { members: [{ value: "bulkId:b" }] } },
        { method: "POST", path: "/Groups", bulkId: "b", data: { members: [{ value: "bulkId:a" }] } },
        { method: "POST", path: "/Groups", bulkId: "self", data: { members: [{ value: "bulkId:self" }] } },
        { method: "DELETE", path: "/Users/1" },
      ]),
      { execute },
    );
    expect(execute).toHaveBeenCalledTimes(1);
    expect(response.Operations.map((operation) => [operation.bulkId, operation.status])).toEqual([
      [undefined, "204"],
      ["a", "409"],
      ["b", "409"],
      ["self", "409"],
    ]);
    expect(response.Operations[1].response).toMatchObject({ status: "409", scimType: "invalidValue", detail: expect.stringContaining("Circular") });
  });

  test("a reference to a bulkId no POST declares fails with 409", async () => {
    const { execute } = fakeExecutor();
    const response = await executeBulk(request([{ method: "PATCH", path: "/Groups/bulkId:ghost", data: {} }]), { execute });
    expect(execute).not.toHaveBeenCalled();
    expect(response.Operations[0]).toMatchObject({ status: "409", response: { scimType: "invalidValue", detail: expect.stringContaining("no POST") } });
  });

  test("operations depending on a failed POST fail with 409; the POST reports its own error", async () => {
    const { execute } = fakeExecutor({ "POST /Users": new ScimError(409, "uniqueness", "userName taken") });
    const response = await executeBulk(
      request([
        { method: "POST", path: "/Users", bulkId: "a", data: { userName: "dup" } },
        { method: "POST", path: "/Groups", bulkId: "g", data: { members: [{ value: "bulkId:a" }] } },
      ]),
      { execute },
    );
    expect(response.Operations).toStrictEqual([
      { method: "POST", bulkId: "a", status: "409", response: { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "409", scimType: "uniqueness", detail: "userName taken" } },
      {
        method: "POST",
        bulkId: "g",
        status: "409",
        response: expect.objectContaining({ scimType: "invalidValue", detail: expect.stringContaining("the operation creating it failed") }),
      },
    ]);
  });

  test("a POST that succeeds without revealing an id cannot be referenced", async () => {
    const { execute } = fakeExecutor({ "POST /Users": { status: 201 } });
    const response = await executeBulk(request([{ method: "POST", path: "/Users", bulkId: "a", data: {} }, { method: "DELETE", path: "/Users/bulkId:a" }]), { execute });
    expect(response.Operations[1].response).toMatchObject({ detail: expect.stringContaining("returned no id") });
  });

  test("an error result returned (not thrown) is reported with its body", async () => {
    const { execute } = fakeExecutor({ "PUT /Users/1": { status: 412, location: "https://x/v2/Users/1", response: { detail: "version mismatch" } } });
    const response = await executeBulk(request([{ method: "PUT", path: "/Users/1", data: {} }]), { execute });
    expect(response.Operations[0]).toStrictEqual({ method: "PUT", location: "https://x/v2/Users/1", status: "412", response: { detail: "version mismatch" } });
  });

  test("an unexpected executor error becomes a 500 for that operation only and is reported", async () => {
    const boom = new Error("db down");
    const { execute } = fakeExecutor({ "DELETE /Users/1": boom });
    const onUnexpectedError = vi.fn();
    const response = await executeBulk(request([{ method: "DELETE", path: "/Users/1" }, { method: "DELETE", path: "/Users/2" }]), { execute, onUnexpectedError });
    expect(response.Operations.map((operation) => operation.status)).toEqual(["500", "204"]);
    expect(response.Operations[0].response).toMatchObject({ status: "500", detail: expect.not.stringContaining("db down") });
    expect(onUnexpectedError).toHaveBeenCalledWith(boom, { method: "DELETE", path: "/Users/1" });
  });

  test("failOnErrors stops processing once that many operations failed", async () => {
    const { execute } = fakeExecutor({ "DELETE /Users/1": new ScimError(404, undefined, "no"), "DELETE /Users/2": new ScimError(404, undefined, "no") });
    const response = await executeBulk(
      request([{ method: "DELETE", path: "/Users/1" }, { method: "DELETE", path: "/Users/3" }, { method: "DELETE", path: "/Users/2" }, { method: "DELETE", path: "/Users/4" }], 2),
      { execute },
    );
    expect(response.Operations.map((operation) => operation.status)).toEqual(["404", "204", "404"]);
  });

  test("failOnErrors counts reference failures and stops within a cycle", async () => {
    const { execute } = fakeExecutor();
    const response = await executeBulk(
      request(
        [
          { method: "POST", path: "/Groups", bulkId: "a", data: { m: "bulkId:b" } },
          { method: "POST", path: "/Groups", bulkId: "b", data: { m: "bulkId:a" } },
          { method: "DELETE", path: "/Users/bulkId:nobody" },
        ],
        1,
      ),
      { execute },
    );
    expect(response.Operations).toHaveLength(1);
    expect(response.Operations[0].status).toBe("409");

    const cycle = await executeBulk(
      request(
        [
          { method: "POST", path: "/Groups", bulkId: "a", data: { m: "bulkId:b" } },
          { method: "POST", path: "/Groups", bulkId: "b", data: { m: "bulkId:a" } },
        ],
        1,
      ),
      { execute },
    );
    expect(cycle.Operations.map((operation) => operation.bulkId)).toEqual(["a"]);
  });

  test("strings that merely mention bulkId elsewhere are left alone", async () => {
    const { execute, calls } = fakeExecutor();
    await executeBulk(request([{ method: "PUT", path: "/Users/1", data: { displayName: "see bulkId:x", n: 3, ok: true, none: null } }]), { execute });
    expect(calls[0].data).toStrictEqual({ displayName: "see bulkId:x", n: 3, ok: true, none: null });
  });
});
