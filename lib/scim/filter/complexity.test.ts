import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import type { Filter } from "./ast";
import { and, compare, not, or, present, valuePath } from "./cases";
import { checkFilterComplexity, measureFilter } from "./complexity";
import { parseFilter } from "./parser";

const emailsAreMultiValued = (path: { attribute: string }) => path.attribute.toLowerCase() === "emails";

describe("measureFilter", () => {
  it.each<[string, Filter, number, number]>([
    ["one equality", compare("userName", "eq", "a"), 1, 0],
    ["pr", present("title"), 1, 0],
    ["co, sw and ew are expensive", and(compare("a", "co", "x"), or(compare("b", "sw", "y"), compare("c", "ew", "z"))), 3, 3],
    ["not counts its inside", not(compare("a", "eq", 1)), 1, 0],
    ["a term on a multi-valued attribute is expensive", compare("emails.value", "eq", "a@b"), 1, 1],
    ["every term inside a value path is multi-valued", valuePath("emails", and(compare("type", "eq", "work"), compare("value", "eq", "x"))), 2, 2],
  ])("%s", (_name, filter, terms, expensiveTerms) => {
    expect(measureFilter(filter, emailsAreMultiValued)).toEqual({ terms, expensiveTerms });
  });

  it("counts node kinds it does not know by their shape (e.g. a value path with its own comparison)", () => {
    // The shape issue 16 adds for `emails[type eq "work"].value eq "x"`; whatever it is named.
    const filter = { op: "valuePathCompare", path: { attribute: "emails" }, filter: compare("type", "eq", "work"), subAttribute: "value", operator: "eq", value: "x" } as unknown as Filter;
    expect(measureFilter(filter)).toEqual({ terms: 2, expensiveTerms: 2 });
  });

  it("measures 500 or-ed clauses without recursion trouble", () => {
    const text = Array.from({ length: 500 }, (_, i) => `emails co "${i}"`).join(" or ");
    expect(measureFilter(parseFilter(text), emailsAreMultiValued)).toEqual({ terms: 500, expensiveTerms: 500 });
  });
});

describe("checkFilterComplexity", () => {
  const limits = { maxTerms: 4, maxExpensiveTerms: 2 };
  const refusal = (filter: Filter) => {
    try {
      checkFilterComplexity(filter, limits, emailsAreMultiValued);
    } catch (error) {
      return error as ScimError;
    }
    return undefined;
  };

  it("allows filters at the limits", () => {
    expect(refusal(parseFilter('a eq 1 and b eq 2 and c co "x" and d sw "y"'))).toBeUndefined();
  });

  it("refuses too many terms with 400 invalidFilter naming the limit", () => {
    const error = refusal(parseFilter("a eq 1 or b eq 2 or c eq 3 or d eq 4 or e eq 5"));
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(error!.detail).toMatch(/5 terms; at most 4.*SCIM_FILTER_MAX_TERMS/);
  });

  it("refuses too many expensive terms separately", () => {
    const error = refusal(parseFilter('emails.value eq "a" or name.familyName co "b" or userName ew "c"'));
    expect(error).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(error!.detail).toMatch(/3 substring.*at most 2.*SCIM_FILTER_MAX_EXPENSIVE_TERMS/);
  });
});
