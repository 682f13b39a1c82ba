// Value rules that the User/Group schemas cannot reach through applyPatch today (no caseExact
// sub-attribute in a multi-valued attribute, no simple multi-valued attribute), checked directly.
import { describe, expect, test } from "vitest";
import { attribute, complex } from "../schemas/define";
import { containsValue } from "./values";

describe("containsValue", () => {
  test("honours caseExact sub-attributes", () => {
    const tokens = complex("tokens", "", [attribute("value", "string", "", { caseExact: true }), attribute("type", "string", "")], { multiValued: true });
    expect(containsValue({ value: "Abc", type: "API" }, { value: "Abc", type: "api" }, tokens)).toBe(true);
    expect(containsValue({ value: "Abc", type: "API" }, { value: "abc" }, tokens)).toBe(false);
  });

  test("compares simple multi-valued values by their case rule", () => {
    const tags = attribute("tags", "string", "", { multiValued: true });
    expect(containsValue("Blue", "blue", tags)).toBe(true);
    expect(containsValue("Blue", "green", tags)).toBe(false);
    expect(containsValue("Blue", "blue", { ...tags, caseExact: true })).toBe(false);
  });

  test("a complex value never contains a non-object", () => {
    const tokens = complex("tokens", "", [attribute("value", "string", "")], { multiValued: true });
    expect(containsValue({ value: "a" }, "a", tokens)).toBe(false);
  });
});
