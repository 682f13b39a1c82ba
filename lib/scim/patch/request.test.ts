import { describe, expect, test } from "vitest";
import { ScimError } from "../errors";
import { PATCH_OP_SCHEMA, parsePatchRequest } from "./request";

function scimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe("parsePatchRequest", () => {
  test("op is case-insensitive (Entra ID sends Add/Replace/Remove); so are member names", () => {
    const request = parsePatchRequest({
      SCHEMAS: [PATCH_OP_SCHEMA],
      operations: [{ OP: "Replace", Path: "active", VALUE: false }, { op: "ADD", value: { title: "x" } }, { op: "remove", path: "title" }],
    });
    expect(request.operations).toStrictEqual([
      { op: "replace", path: "active", value: false },
      { op: "add", value: { title: "x" } },
      { op: "remove", path: "title" },
    ]);
  });

  test("a blank path counts as no path; a path is trimmed; null values are kept", () => {
    const request = parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "replace", path: "", value: { a: 1 } }, { op: "replace", path: " title ", value: null }] });
    expect(request.operations).toStrictEqual([{ op: "replace", value: { a: 1 } }, { op: "replace", path: "title", value: null }]);
  });

  test.each([
    ["a body that is not an object", "x", ""],
    ["a missing PatchOp schema", { schemas: ["urn:other"], Operations: [{ op: "add", value: {} }] }, "schemas"],
    ["missing Operations", { schemas: [PATCH_OP_SCHEMA] }, "Operations"],
    ["empty Operations", { schemas: [PATCH_OP_SCHEMA], Operations: [] }, "Operations"],
    ["an unknown op", { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "move", path: "a" }] }, "Operations[0].op"],
    ["a path that is not a string", { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "remove", path: 3 }] }, "Operations[0].path"],
    ["an operation that is not an object", { schemas: [PATCH_OP_SCHEMA], Operations: ["add"] }, "Operations[0]"],
  ])("rejects %s as invalidSyntax naming the member", (_, body, location) => {
    const error = scimError(() => parsePatchRequest(body));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidSyntax");
    expect(error.detail).toContain(location);
  });
});
