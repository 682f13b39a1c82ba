import { describe, expect, test } from "vitest";
import { isScimError } from "../errors";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { applyPatch, isNeedsMembersError, PATCH_OP_SCHEMA, parsePatchRequest } from ".";
import { PATCH_CASES, type PatchCase } from "./cases";

function run(testCase: PatchCase) {
  const { operations } = parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: testCase.operations });
  const resourceType = testCase.resourceType === "User" ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
  return applyPatch(testCase.source, operations, { resourceType, membersLoaded: testCase.membersLoaded });
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error, none was thrown");
}

describe("applyPatch cases", () => {
  test.each(PATCH_CASES.map((testCase) => [testCase.name, testCase] as const))("%s", (_, testCase) => {
    const untouched = structuredClone(testCase.source);
    if (testCase.error === "needsMembers") {
      const error = thrownBy(() => run(testCase));
      expect(isNeedsMembersError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain("members");
    } else if (testCase.error) {
      const error = thrownBy(() => run(testCase));
      expect(isScimError(error), String(error)).toBe(true);
      expect({ status: (error as { status: number }).status, scimType: (error as { scimType?: string }).scimType }).toEqual(testCase.error);
    } else {
      const { resource, changes } = run(testCase);
      if (testCase.expected) expect(resource).toStrictEqual(testCase.expected);
      if (testCase.expectedChanges) {
        expect([...changes.attributes].sort()).toEqual([...testCase.expectedChanges.attributes].sort());
        expect(changes.members).toStrictEqual(testCase.expectedChanges.members);
      }
    }
    // The input is never mutated, whether the patch succeeds or fails.
    expect(testCase.source).toStrictEqual(untouched);
  });

  test("every case checks something", () => {
    for (const testCase of PATCH_CASES) {
      expect(testCase.expected ?? testCase.error ?? testCase.expectedChanges, testCase.name).toBeDefined();
    }
  });

  test("case names are unique", () => {
    const names = PATCH_CASES.map((testCase) => testCase.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
