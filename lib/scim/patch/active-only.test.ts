import { describe, expect, test } from "vitest";
import { USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { USER_SCHEMA } from "../schemas/types";
import { activeOnlyValue, applyPatch, PATCH_OP_SCHEMA, parsePatchRequest } from ".";
import { PATCH_CASES } from "./cases";

const USER = PATCH_CASES.find((c) => c.resourceType === "User")!.source;
const operationsOf = (raw: unknown[]) => parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: raw }).operations;
const activeOnly = (raw: unknown[]) => activeOnlyValue(USER_RESOURCE_TYPE, operationsOf(raw));

describe("activeOnlyValue", () => {
  test.each([
    ["Okta: path-less replace", [{ op: "replace", value: { active: false } }], false],
    ["Entra ID: Replace active \"False\"", [{ op: "Replace", path: "active", value: "False" }], false],
    ["Entra ID: reactivation \"True\"", [{ op: "Replace", path: "active", value: "True" }], true],
    ["add is replace for a single value", [{ op: "add", path: "active", value: true }], true],
    ["the attribute name in any case", [{ op: "replace", path: "Active", value: false }], false],
    ["the core schema's URN-qualified path", [{ op: "replace", path: `${USER_SCHEMA}:active`, value: false }], false],
    ["path-less value under the core schema's URN", [{ op: "replace", value: { [USER_SCHEMA]: { active: false } } }], false],
    ["several operations: the last one wins", [{ op: "replace", path: "active", value: false }, { op: "replace", path: "active", value: true }], true],
  ])("%s → %s", (_, raw, expected) => {
    expect(activeOnly(raw)).toBe(expected);
    // …and applyPatch agrees: that value, nothing else.
    const source = { ...USER, active: !expected };
    expect(applyPatch(source, operationsOf(raw), { resourceType: USER_RESOURCE_TYPE }).resource).toEqual({ ...source, active: expected });
  });

  test.each([
    ["another attribute beside active", [{ op: "replace", value: { active: false, displayName: "X" } }]],
    ["a second operation on another attribute", [{ op: "replace", path: "active", value: false }, { op: "replace", path: "title", value: "CEO" }]],
    ["remove active", [{ op: "remove", path: "active" }]],
    ["null value", [{ op: "replace", path: "active", value: null }]],
    ["not a boolean", [{ op: "replace", path: "active", value: "maybe" }]],
    ["an unknown path", [{ op: "replace", path: "activ", value: false }]],
    ["a path-less value that is not an object", [{ op: "replace", value: false }]],
    ["an empty path-less object", [{ op: "replace", value: {} }]],
    ["an extension's attribute of that name", [{ op: "replace", path: "urn:example:ext:2.0:User:active", value: false }]],
  ])("%s → undefined (the general way decides)", (_, raw) => {
    expect(activeOnly(raw)).toBeUndefined();
  });

  // The promise the fast path rests on: whatever it accepts, applyPatch applies as exactly that change.
  test("on every User PATCH case: when it answers, applyPatch changes active to that value and nothing else", () => {
    let answered = 0;
    for (const testCase of PATCH_CASES.filter((c) => c.resourceType === "User")) {
      let operations;
      try {
        operations = operationsOf(testCase.operations);
      } catch {
        continue; // malformed requests never reach it
      }
      const active = activeOnlyValue(USER_RESOURCE_TYPE, operations);
      if (active === undefined) continue;
      answered++;
      expect(testCase.error, testCase.name).toBeUndefined();
      const { resource } = applyPatch(testCase.source, operations, { resourceType: USER_RESOURCE_TYPE });
      expect(resource, testCase.name).toEqual({ ...testCase.source, active });
    }
    expect(answered).toBeGreaterThanOrEqual(2);
  });
});
