// Property: whatever operations arrive, applyPatch either succeeds or throws ScimError /
// NeedsMembersError (never a TypeError or the like), and never modifies its input.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { isScimError } from "../errors";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA } from "../schemas/types";
import { applyPatch } from "./apply";
import { PATCH_CASES } from "./cases";
import { isNeedsMembersError } from "./needs-members";
import type { PatchOperation } from "./request";

// Paths that reach every kind of target, mixed with arbitrary text.
const PATHS = [
  ...new Set(PATCH_CASES.flatMap((testCase) => testCase.operations.map((operation) => (operation as { path?: string }).path).filter((path) => typeof path === "string"))),
  "emails.value",
  "members.display",
  "members[value pr]",
  `${ENTERPRISE_USER_SCHEMA}:manager.value`,
  "urn:example:x:2.0:User:tags",
];

const path = fc.oneof(fc.constantFrom(...PATHS), fc.string(), fc.constant(undefined));
const json = fc.jsonValue({ maxDepth: 3 });
// Values shaped like the attributes they may land in, plus anything at all.
const value = fc.oneof(
  json,
  fc.constant(undefined),
  fc.array(fc.record({ value: fc.oneof(fc.string(), json), type: fc.oneof(fc.constantFrom("work", "User", "Group"), json), primary: fc.oneof(fc.boolean(), json) }, { requiredKeys: [] })),
  fc.dictionary(fc.constantFrom(...PATHS, "id", "schemas", "active", "members", "urn:example:x:2.0:User"), json),
);
const operation: fc.Arbitrary<PatchOperation> = fc.record({ op: fc.constantFrom("add", "replace", "remove"), path, value }).map(({ op, path, value }) => {
  const result: PatchOperation = { op };
  if (path !== undefined) result.path = path;
  if (value !== undefined) result.value = value;
  return result;
});

const sources = PATCH_CASES.map((testCase) => ({ source: testCase.source, resourceType: testCase.resourceType, membersLoaded: testCase.membersLoaded }));

describe("applyPatch on arbitrary operations", () => {
  test("throws only ScimError or NeedsMembersError and never mutates its input", () => {
    fc.assert(
      fc.property(fc.constantFrom(...sources), fc.boolean(), fc.array(operation, { minLength: 1, maxLength: 5 }), (subject, membersLoaded, operations) => {
        const snapshot = structuredClone(subject.source);
        const operationsSnapshot = structuredClone(operations);
        const resourceType = subject.resourceType === "User" ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
        try {
          const { resource, changes } = applyPatch(subject.source, operations, { resourceType, membersLoaded });
          expect(JSON.parse(JSON.stringify(resource))).toEqual(resource); // plain JSON
          for (const name of changes.attributes) expect(typeof name).toBe("string");
        } catch (error) {
          if (!isScimError(error) && !isNeedsMembersError(error)) throw error;
        }
        expect(subject.source).toStrictEqual(snapshot);
        expect(operations).toEqual(operationsSnapshot); // toEqual: fast-check makes null-prototype objects
      }),
      { numRuns: 3000 },
    );
  });
});
