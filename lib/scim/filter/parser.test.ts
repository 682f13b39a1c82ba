import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { FILTER_CASES } from "./cases";
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from "./parser";

function parseError(text: string): ScimError {
  try {
    parseFilter(text);
  } catch (error) {
    return error as ScimError;
  }
  throw new Error(`expected '${text}' to fail`);
}

describe("parseFilter table", () => {
  for (const testCase of FILTER_CASES) {
    it(testCase.name, () => {
      if (testCase.error === undefined) {
        expect(parseFilter(testCase.filter)).toEqual(testCase.ast);
      } else {
        const error = parseError(testCase.filter);
        expect(error).toBeInstanceOf(ScimError);
        expect(error).toMatchObject({ status: 400, scimType: "invalidFilter", detail: testCase.error });
      }
    });
  }

  it("has both successes and failures", () => {
    expect(FILTER_CASES.filter((testCase) => testCase.ast).length).toBeGreaterThan(40);
    expect(FILTER_CASES.filter((testCase) => testCase.error).length).toBeGreaterThan(30);
  });
});

describe("parseFilter limits", () => {
  const nested = (depth: number) => "(".repeat(depth) + "a pr" + ")".repeat(depth);
  const notNested = (depth: number) => "not (".repeat(depth) + "a pr" + ")".repeat(depth);

  it("accepts nesting up to the maximum depth", () => {
    expect(parseFilter(nested(MAX_FILTER_DEPTH))).toEqual({ op: "present", path: { attribute: "a" } });
    expect(() => parseFilter(notNested(MAX_FILTER_DEPTH))).not.toThrow();
  });

  it("rejects nesting beyond the maximum depth, at the offending parenthesis", () => {
    expect(parseError(nested(MAX_FILTER_DEPTH + 1)).detail).toBe(`Nesting exceeds the maximum depth of 50 at position ${MAX_FILTER_DEPTH}`);
    expect(parseError(notNested(MAX_FILTER_DEPTH + 1)).scimType).toBe("invalidFilter");
  });

  it("counts a value filter as one level", () => {
    const deep = "(".repeat(MAX_FILTER_DEPTH) + "emails[type pr]" + ")".repeat(MAX_FILTER_DEPTH);
    expect(parseError(deep).detail).toBe(`Nesting exceeds the maximum depth of 50 at position ${MAX_FILTER_DEPTH + 6}`);
  });

  it("never overflows the stack on hostile nesting", () => {
    const hostile = "(".repeat(MAX_FILTER_LENGTH);
    expect(parseError(hostile)).toBeInstanceOf(ScimError);
  });

  it("accepts input of the maximum length and rejects longer input", () => {
    const padded = (length: number) => "a pr" + " ".repeat(length - 4);
    expect(() => parseFilter(padded(MAX_FILTER_LENGTH))).not.toThrow();
    expect(parseError(padded(MAX_FILTER_LENGTH + 1))).toMatchObject({
      scimType: "invalidFilter",
      detail: "Input exceeds the maximum length of 10000 characters at position 10000",
    });
  });

  it("handles long and-chains without recursion trouble", () => {
    const chain = Array.from({ length: 700 }, (_, index) => `a${index} pr`).join(" and ");
    let filter = parseFilter(chain);
    let depth = 0;
    while (filter.op === "and") {
      filter = filter.left;
      depth++;
    }
    expect(depth).toBe(699);
  });

  it("handles a long URN path quickly", () => {
    const text = "urn:" + "x.".repeat(4000) + ":a pr";
    const started = performance.now();
    expect(parseFilter(text)).toEqual({ op: "present", path: { schema: "urn:" + "x.".repeat(4000), attribute: "a" } });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
