import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { parseAttributePath } from "./attribute-path";
import { compare, and, path } from "./cases";
import { parsePatchPath, type PatchPath } from "./patch-path";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

function failure(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    return error as ScimError;
  }
  throw new Error("expected a failure");
}

describe("parseAttributePath", () => {
  const cases: [string, ReturnType<typeof path>][] = [
    ["userName", path("userName")],
    ["name.givenName", path("name.givenName")],
    ["  emails.value  ", path("emails.value")],
    ["members.$ref", path("members.$ref")],
    [`${ENTERPRISE}:manager.displayName`, path("manager.displayName", ENTERPRISE)],
    [`${USER}:userName`, path("userName", USER)],
    // A bare extension URN splits at the last colon; schemas/lookup's findExtensionByPath rejoins it.
    [ENTERPRISE, { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", attribute: "User" }],
  ];
  for (const [text, expected] of cases) {
    it(`parses '${text}'`, () => expect(parseAttributePath(text)).toEqual(expected));
  }

  for (const text of ["", "1a", "a.b.c", "a b", "a[b]", "urn:x:2.0", "name.", ".name", "a..b", "urn::x:a"]) {
    it(`rejects '${text}' with invalidPath`, () => {
      expect(failure(() => parseAttributePath(text))).toMatchObject({ status: 400, scimType: "invalidPath", detail: `Invalid attribute path '${text}'` });
    });
  }

  it("uses the scimType the caller names", () => {
    expect(failure(() => parseAttributePath("a b", "invalidValue")).scimType).toBe("invalidValue");
  });
});

describe("parsePatchPath", () => {
  const cases: [string, PatchPath][] = [
    ["members", { path: path("members") }],
    ["name.familyName", { path: path("name.familyName") }],
    ['members[value eq "2819c223-7f76-453a-919d-413861904646"]', { path: path("members"), filter: compare("value", "eq", "2819c223-7f76-453a-919d-413861904646") }],
    ['emails[type eq "work"].value', { path: path("emails"), filter: compare("type", "eq", "work"), subAttribute: "value" }],
    ['addresses[type eq "work" and primary eq true].streetAddress', {
      path: path("addresses"),
      filter: and(compare("type", "eq", "work"), compare("primary", "eq", true)),
      subAttribute: "streetAddress",
    }],
    [`${ENTERPRISE}:manager`, { path: path("manager", ENTERPRISE) }],
    [`${ENTERPRISE}:manager.value`, { path: path("manager.value", ENTERPRISE) }],
    [`${USER}:emails[type eq "work"].display`, { path: path("emails", USER), filter: compare("type", "eq", "work"), subAttribute: "display" }],
    ['  members[ value EQ "x" ]  ', { path: path("members"), filter: compare("value", "eq", "x") }],
    ["emails[type eq work]", { path: path("emails"), filter: compare("type", "eq", "work") }],
  ];
  for (const [text, expected] of cases) {
    it(`parses '${text}'`, () => expect(parsePatchPath(text)).toEqual(expected));
  }

  const errors: [string, string][] = [
    ["", "Expected an attribute path at position 0"],
    ["a b", "Unexpected text after the path at position 2"],
    ["1a", "Invalid attribute path '1a' at position 0"],
    ['"members"', "Expected an attribute path at position 0"],
    ['emails[type eq "work"', "Expected ']' at position 21"],
    ['emails[type eq "work"] .value', "Invalid sub-attribute '.value' at position 23"],
    ['emails[type eq "work"].1x', "Invalid sub-attribute '.1x' at position 22"],
    ['emails[type eq "work"].value.x', "Invalid sub-attribute '.value.x' at position 22"],
    ['name.x[type eq "work"]', "A value filter cannot follow a sub-attribute at position 6"],
    ["a[b[c eq 1]]", "Value filters cannot be nested at position 3"],
    ['emails[type eq "work"]x', "Unexpected text after the path at position 22"],
    ["emails[type eq]", "Expected a value at position 14"],
    ["members)", "Unbalanced ')' at position 7"],
    ['a eq "x', "Unterminated string at position 5"],
  ];
  for (const [text, detail] of errors) {
    it(`rejects '${text}'`, () => {
      expect(failure(() => parsePatchPath(text))).toMatchObject({ status: 400, scimType: "invalidPath", detail });
    });
  }

  it("rejects overlong paths", () => {
    expect(failure(() => parsePatchPath("a".repeat(10_001))).scimType).toBe("invalidPath");
  });
});

describe("path parsers on arbitrary input", () => {
  const expectOnly = (scimType: string) => (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ScimError);
      expect((error as ScimError).scimType).toBe(scimType);
    }
  };
  const piece = fc.constantFrom("[", "]", "(", ")", '"', ".", ":", " ", "a", "emails", "urn:x:y", "$ref", "eq", "pr", "1", "and", "not");
  const text = fc.oneof(fc.string({ unit: "binary" }), fc.array(piece, { maxLength: 20 }).map((pieces) => pieces.join("")));

  it("parsePatchPath throws nothing but invalidPath ScimErrors", () => {
    fc.assert(fc.property(text, (input) => expectOnly("invalidPath")(() => parsePatchPath(input))), { numRuns: 2000 });
  });

  it("parseAttributePath throws nothing but invalidPath ScimErrors", () => {
    fc.assert(fc.property(text, (input) => expectOnly("invalidPath")(() => parseAttributePath(input))), { numRuns: 1000 });
  });
});
