import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { unstorableCharacter } from "../json-input";
import type { AttributePath, CompareOperator, Filter, FilterValue } from "./ast";
import { and, compare, FILTER_CASES, not, or, present, valuePath } from "./cases";
import { parseFilter } from "./parser";
import { printFilter, printValue } from "./printer";

describe("printFilter", () => {
  const printed: [string, Filter, string][] = [
    ["keywords lower-case, strings quoted", parseFilter('UserName EQ bjensen AND active Eq TRUE'), 'UserName eq "bjensen" and active eq true'],
    ["and inside or needs no parentheses", or(compare("a", "eq", 1), and(compare("b", "eq", 2), present("c"))), "a eq 1 or b eq 2 and c pr"],
    ["or inside and keeps its parentheses", and(or(present("a"), present("b")), present("c")), "(a pr or b pr) and c pr"],
    ["right-nested and keeps its parentheses", and(present("a"), and(present("b"), present("c"))), "a pr and (b pr and c pr)"],
    ["right-nested or keeps its parentheses", or(present("a"), or(present("b"), present("c"))), "a pr or (b pr or c pr)"],
    ["left-nested chains print flat", or(or(present("a"), present("b")), present("c")), "a pr or b pr or c pr"],
    ["not", not(present("a")), "not (a pr)"],
    ["value path and URN", valuePath("emails", compare("type", "eq", "w"), "urn:x:User"), 'urn:x:User:emails[type eq "w"]'],
    ["sub-attribute", compare("name.givenName", "sw", "B"), 'name.givenName sw "B"'],
    ["Entra's attr[filter].sub form prints as its value path", parseFilter('emails[type eq "work"].value eq "a"'), 'emails[type eq "work" and value eq "a"]'],
    ["escapes", compare("a", "eq", 'q"\\\n'), String.raw`a eq "q\"\\\n"`],
  ];
  for (const [name, filter, text] of printed) {
    it(name, () => expect(printFilter(filter)).toBe(text));
  }

  it("prints numbers so they parse back to the same number", () => {
    expect(printValue(-0)).toBe("-0");
    expect(printValue(1e21)).toBe("1e+21");
    expect(printValue(null)).toBe("null");
    expect(printValue(false)).toBe("false");
  });

  it("round-trips every table case that parses", () => {
    for (const testCase of FILTER_CASES.filter((candidate) => candidate.ast)) {
      expect(parseFilter(printFilter(testCase.ast!)), testCase.name).toEqual(testCase.ast);
    }
  });
});

// Generators for ASTs the parser can produce.
const ATTRIBUTE_NAME = fc.oneof(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,8}$/),
  fc.constantFrom("not", "and", "or", "pr", "eq", "true", "null", "urn", "$ref"),
);
const SCHEMA = fc.constantFrom(
  "urn:ietf:params:scim:schemas:core:2.0:User",
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  "urn:a:b.c",
);
const topLevelPath: fc.Arbitrary<AttributePath> = fc.record(
  { schema: SCHEMA, attribute: ATTRIBUTE_NAME, subAttribute: ATTRIBUTE_NAME },
  { requiredKeys: ["attribute"] },
);
const elementPath: fc.Arbitrary<AttributePath> = ATTRIBUTE_NAME.map((attribute) => ({ attribute }));

const ANY_VALUE: fc.Arbitrary<FilterValue> = fc.oneof(
  // Literals with NUL or a lone surrogate are refused by the lexer (lib/scim/json-input.ts).
  fc.string({ unit: "binary" }).filter((text) => unstorableCharacter(text) === undefined),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const comparison = (pathArbitrary: fc.Arbitrary<AttributePath>): fc.Arbitrary<Filter> =>
  fc
    .record({ path: pathArbitrary, operator: fc.constantFrom<CompareOperator>("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"), value: ANY_VALUE })
    .map(({ path, operator, value }) => ({
      op: "compare" as const,
      path,
      operator,
      // Only eq/ne take booleans and null.
      value: (typeof value === "boolean" || value === null) && operator !== "eq" && operator !== "ne" ? String(value) : value,
    }));

function filterArbitrary(pathArbitrary: fc.Arbitrary<AttributePath>, inner: fc.Arbitrary<Filter> | undefined): fc.Arbitrary<Filter> {
  return fc.letrec<{ filter: Filter }>((tie) => {
    const leaves: fc.Arbitrary<Filter>[] = [comparison(pathArbitrary), pathArbitrary.map((path) => ({ op: "present" as const, path }))];
    if (inner) {
      leaves.push(fc.record({ path: pathArbitrary.filter((path) => path.subAttribute === undefined), filter: inner }).map((parts) => ({ op: "valuePath" as const, ...parts })));
    }
    const child = tie("filter");
    return {
      filter: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        ...leaves,
        fc.record({ left: child, right: child }).map((parts) => ({ op: "and" as const, ...parts })),
        fc.record({ left: child, right: child }).map((parts) => ({ op: "or" as const, ...parts })),
        child.map((filter) => ({ op: "not" as const, filter })),
      ),
    };
  }).filter;
}

const FILTER = filterArbitrary(topLevelPath, filterArbitrary(elementPath, undefined));

describe("filter properties", () => {
  it("parse(print(ast)) equals ast", () => {
    fc.assert(fc.property(FILTER, (filter) => {
      expect(parseFilter(printFilter(filter))).toEqual(filter);
    }), { numRuns: 2000 });
  });

  it("print is stable: print(parse(print(ast))) equals print(ast)", () => {
    fc.assert(fc.property(FILTER, (filter) => {
      const text = printFilter(filter);
      expect(printFilter(parseFilter(text))).toBe(text);
    }), { numRuns: 500 });
  });

  const onlyScimErrors = (text: string) => {
    try {
      parseFilter(text);
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe("invalidFilter");
      expect((error as ScimError).detail).toMatch(/ at position \d+$/);
    }
  };

  it("throws nothing but invalidFilter ScimErrors on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), onlyScimErrors), { numRuns: 2000 });
  });

  it("throws nothing but invalidFilter ScimErrors on strings made of filter pieces", () => {
    const piece = fc.constantFrom("(", ")", "[", "]", '"', "\\", " ", "a", "name.x", "urn:x:y:z", "eq", "pr", "gt", "and", "or", "not", "1", "-", "1e5", "true", "null", '"s"', ".", ":");
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join("")), onlyScimErrors), { numRuns: 3000 });
  });
});
