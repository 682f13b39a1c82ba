import { describe, expect, it } from "vitest";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA } from "../schemas/types";
import { matchesFilter, getIgnoringCase, type FilterContext } from "./evaluate";
import { parseFilter } from "./parser";

const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_SCHEMA],
  id: "2819c223-7f76-453a-919d-413861904646",
  externalId: "BJensen-ext",
  userName: "BJensen",
  name: { familyName: "Jensen", givenName: "Barbara" },
  title: "",
  active: true,
  loginCount: 7,
  emails: [
    { value: "bjensen@Example.com", type: "work", primary: true },
    { value: "babs@jensen.org", type: "home" },
  ],
  addresses: [],
  meta: { created: "2010-01-23T04:56:22Z", lastModified: "2011-05-13T04:42:34Z", resourceType: "User" },
  [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "701984", manager: { value: "26118915" } },
};

const withSchema: FilterContext = { resourceType: USER_RESOURCE_TYPE };
const schemaless: FilterContext = {};

// [filter, context, expected]
const CASES: [string, FilterContext, boolean][] = [
  // Case rules: userName is caseExact false, id/externalId caseExact true.
  ['userName eq "bjensen"', withSchema, true],
  ['USERNAME eq "BJENSEN"', withSchema, true],
  ['externalId eq "bjensen-ext"', withSchema, false],
  ['externalId eq "BJensen-ext"', withSchema, true],
  ['id eq "2819C223-7F76-453A-919D-413861904646"', withSchema, false],
  ['externalId eq "bjensen-ext"', schemaless, true], // no schema: case-insensitive
  ['meta.resourceType eq "user"', withSchema, false], // caseExact sub-attribute

  // Every operator
  ['userName ne "other"', withSchema, true],
  ['userName ne "bjensen"', withSchema, false],
  ['userName co "jens"', withSchema, true],
  ['userName co "xyz"', withSchema, false],
  ['userName sw "bj"', withSchema, true],
  ['userName sw "jensen"', withSchema, false],
  ['userName ew "SEN"', withSchema, true],
  ['userName ew "bj"', withSchema, false],
  ['userName gt "a"', withSchema, true],
  ['userName gt "c"', withSchema, false],
  ['userName ge "bjensen"', withSchema, true],
  ['userName lt "bjensen"', withSchema, false],
  ['userName le "bjensen"', withSchema, true],
  ["loginCount gt 6", schemaless, true],
  ["loginCount ge 8", schemaless, false],
  ["loginCount lt 8", schemaless, true],
  ["loginCount le 6", schemaless, false],
  ["loginCount eq 7", schemaless, true],
  ["loginCount co 7", schemaless, false], // substring operators do not apply to numbers
  ['loginCount eq "7"', schemaless, false], // a number never equals a string
  ["active eq true", withSchema, true],
  ["active eq false", withSchema, false],
  ["active ne false", withSchema, true],
  ['active eq "true"', withSchema, false],
  ["userName eq true", withSchema, false],

  // Presence
  ["userName pr", withSchema, true],
  ["title pr", withSchema, false], // empty string
  ["addresses pr", withSchema, false], // empty array
  ["nickName pr", withSchema, false], // absent
  ["name pr", withSchema, true],
  ["title eq null", withSchema, true],
  ["userName eq null", withSchema, false],
  ["userName ne null", withSchema, true],
  ["nickName ne null", withSchema, false],
  ["name eq null", withSchema, false], // a complex value is present as a whole
  ["name ne null", withSchema, true],

  // Date-times compare as instants, whatever their notation.
  ['meta.lastModified gt "2011-05-13T04:42:33Z"', withSchema, true],
  ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', withSchema, true],
  ['meta.lastModified lt "2011-05-13T06:42:34+02:00"', withSchema, false],
  ['meta.lastModified ge "not a date"', withSchema, false], // falls back to text order: "2…" < "n…"
  ['meta.lastModified sw "2011"', withSchema, true],
  ['meta.created lt "2011-01-01T00:00:00Z"', withSchema, true],

  // Multi-valued and complex attributes
  ['emails.value eq "babs@jensen.org"', withSchema, true],
  ['emails co "example.com"', withSchema, true], // a complex attribute compares its value
  ['emails.type eq "other"', withSchema, false],
  ['emails.type ne "work"', withSchema, false], // ne: no element equals
  ['emails.type ne "other"', withSchema, true],
  ['name.familyName eq "JENSEN"', withSchema, true],
  ['emails[type eq "work" and value co "example.com"]', withSchema, true],
  ['emails[type eq "home" and value co "example.com"]', withSchema, false],
  ['emails[type eq "WORK"]', withSchema, true],
  ["emails[primary eq true]", withSchema, true],
  // Entra ID quotes booleans in value paths (roles[primary eq "True"].value).
  ['emails[primary eq "True"]', withSchema, true],
  ['emails[primary eq "true"].type eq "work"', withSchema, true],
  ['emails[primary eq "False"].type eq "work"', withSchema, false],
  ['emails[primary eq "yes"]', withSchema, false],
  ['emails[not (type eq "work")]', withSchema, true],
  // Entra ID: attr[valFilter].subAttr op value — one element must satisfy both.
  ['emails[type eq "work"].value eq "BJENSEN@example.com"', withSchema, true],
  ['emails[type eq "work"].value eq "babs@jensen.org"', withSchema, false], // the home address
  ['emails[type eq "home"].value ew "jensen.org"', withSchema, true],
  ['emails[type eq "other"].value pr', withSchema, false],
  ['emails[primary eq true].type eq "work"', withSchema, true],
  ['phoneNumbers[type eq "work"]', withSchema, false],
  ['name[familyName eq "jensen"]', withSchema, true], // single complex value
  ['userName[value eq "x"]', withSchema, false], // not complex: no elements

  // Extension attributes
  [`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "701984"`, withSchema, true],
  [`${ENTERPRISE_USER_SCHEMA.toUpperCase()}:EMPLOYEENUMBER eq "701984"`, withSchema, true],
  ["employeeNumber eq 701984", withSchema, true], // unqualified, unquoted number against a string
  [`${ENTERPRISE_USER_SCHEMA}:manager.value eq "26118915"`, withSchema, true],
  [`${ENTERPRISE_USER_SCHEMA}:department pr`, withSchema, false],
  [`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "701984"`, schemaless, true],
  ["urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", withSchema, true],
  ["urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", schemaless, true],

  // Logic
  ['userName eq "bjensen" and active eq true', withSchema, true],
  ['userName eq "bjensen" and active eq false', withSchema, false],
  ['userName eq "x" or active eq true', withSchema, true],
  ['userName eq "x" or active eq false', withSchema, false],
  ['not (userName eq "x")', withSchema, true],
  ["unknownAttribute pr", withSchema, false],
];

describe("matchesFilter on a resource", () => {
  for (const [filter, context, expected] of CASES) {
    it(`${filter} → ${expected}${context.resourceType ? "" : " (no schema)"}`, () => {
      expect(matchesFilter(user, parseFilter(filter), context)).toBe(expected);
    });
  }

  it("compares Date values as instants", () => {
    const resource = { meta: { lastModified: new Date("2011-05-13T04:42:34Z") } };
    expect(matchesFilter(resource, parseFilter('meta.lastModified eq "2011-05-13T04:42:34Z"'), withSchema)).toBe(true);
    expect(matchesFilter(resource, parseFilter("meta.lastModified pr"), withSchema)).toBe(true);
  });

  it("ignores non-object elements of a multi-valued complex attribute", () => {
    const resource = { emails: ["loose@example.com", { value: "a@b.c", type: "work" }] };
    expect(matchesFilter(resource, parseFilter('emails[type eq "work"]'), withSchema)).toBe(true);
    expect(matchesFilter(resource, parseFilter('emails.type eq "work"'), withSchema)).toBe(true);
    expect(matchesFilter({ emails: ["x"] }, parseFilter('emails[type eq "x"]'), withSchema)).toBe(false);
  });

  it("treats null and undefined as absent", () => {
    const resource = { nickName: null, emails: [null, { value: null }], name: { givenName: undefined } };
    expect(matchesFilter(resource, parseFilter("name pr"), withSchema)).toBe(false);
    expect(matchesFilter(resource, parseFilter("nickName pr"), withSchema)).toBe(false);
    expect(matchesFilter(resource, parseFilter("nickName eq null"), withSchema)).toBe(true);
    expect(matchesFilter(resource, parseFilter("emails pr"), withSchema)).toBe(false);
    expect(matchesFilter({ name: { givenName: [] } }, parseFilter("name pr"), withSchema)).toBe(false);
    expect(matchesFilter({ name: { givenName: [""] } }, parseFilter("name pr"), withSchema)).toBe(false);
    expect(matchesFilter({ name: { givenName: ["B"] } }, parseFilter("name pr"), withSchema)).toBe(true);
  });

  it("finds no extension values when the extension object is missing", () => {
    expect(matchesFilter({ userName: "x" }, parseFilter("employeeNumber pr"), withSchema)).toBe(false);
  });
});

describe("matchesFilter on one element (PATCH value paths)", () => {
  const member = { value: "2819C223", display: "Babs", type: "User" };
  const memberContext: FilterContext = { resourceType: GROUP_RESOURCE_TYPE, parent: { attribute: "members" } };

  it("takes case rules from the parent's sub-attributes", () => {
    // members.value is caseExact false in RFC 7643 §8.7.1.
    expect(matchesFilter(member, parseFilter('value eq "2819c223"'), memberContext)).toBe(true);
    expect(matchesFilter(member, parseFilter('VALUE eq "2819c223"'), memberContext)).toBe(true);
    expect(matchesFilter(member, parseFilter('value eq "other"'), memberContext)).toBe(false);
  });

  it("honours caseExact sub-attributes", () => {
    const meta = { resourceType: "User" };
    const context: FilterContext = { resourceType: USER_RESOURCE_TYPE, parent: { attribute: "meta" } };
    expect(matchesFilter(meta, parseFilter('resourceType eq "user"'), context)).toBe(false);
    expect(matchesFilter(meta, parseFilter('resourceType eq "User"'), context)).toBe(true);
  });

  it("works for extension parents", () => {
    const manager = { value: "ABC" };
    const context: FilterContext = { resourceType: USER_RESOURCE_TYPE, parent: { schema: ENTERPRISE_USER_SCHEMA, attribute: "manager" } };
    expect(matchesFilter(manager, parseFilter('value eq "abc"'), context)).toBe(true);
  });

  it("treats unknown sub-attributes case-insensitively", () => {
    expect(matchesFilter({ custom: "ABC" }, parseFilter('custom eq "abc"'), memberContext)).toBe(true);
  });

  it("works without a schema", () => {
    expect(matchesFilter({ type: "Work" }, parseFilter('type eq "work"'), { parent: { attribute: "emails" } })).toBe(true);
  });
});

describe("getIgnoringCase", () => {
  it("prefers the exact key, then any spelling", () => {
    expect(getIgnoringCase({ userName: 1, username: 2 }, "username")).toBe(2);
    expect(getIgnoringCase({ userName: 1 }, "USERNAME")).toBe(1);
    expect(getIgnoringCase({ userName: 1 }, "other")).toBeUndefined();
  });

  it("does not read inherited properties", () => {
    expect(getIgnoringCase({}, "constructor")).toBeUndefined();
  });
});
