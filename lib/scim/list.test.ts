import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import {
  buildListResponse,
  LIST_RESPONSE_SCHEMA,
  parseListQuery,
  parseProjectionQuery,
  parseSearchRequest,
  SEARCH_REQUEST_SCHEMA,
  type ListOptions,
  type ListQuery,
  type QueryInput,
} from "./list";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas/resource-types";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const options: ListOptions = { resourceType: USER_RESOURCE_TYPE, defaultCount: 50, maxResults: 200 };
const defaults: ListQuery = { startIndex: 1, count: 50, sortOrder: "ascending" };

function failure(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error("expected a failure");
}

describe("parseListQuery", () => {
  const CASES: [string, QueryInput, Partial<ListQuery>][] = [
    ["nothing", {}, {}],
    ["startIndex", { startIndex: "11" }, { startIndex: 11 }],
    ["startIndex 0 means 1", { startIndex: "0" }, { startIndex: 1 }],
    ["negative startIndex means 1", { startIndex: "-5" }, { startIndex: 1 }],
    ["count", { count: "10" }, { count: 10 }],
    ["count 0", { count: "0" }, { count: 0 }],
    ["negative count means 0", { count: "-1" }, { count: 0 }],
    ["count capped at maxResults", { count: "1000" }, { count: 200 }],
    ["huge count capped", { count: "99999999999999999999999" }, { count: 200 }],
    ["count with a plus sign and spaces", { count: " +7 " }, { count: 7 }],
    ["empty values count as missing", { count: "", startIndex: "", filter: "" }, {}],
    ["sortBy resolved to canonical names", { sortBy: "NAME.familyname" }, { sortBy: { schema: USER, attribute: "name", subAttribute: "familyName" } }],
    ["sortBy extension attribute", { sortBy: `${ENTERPRISE}:employeeNumber` }, { sortBy: { schema: ENTERPRISE, attribute: "employeeNumber" } }],
    ["sortOrder in any case", { sortBy: "userName", sortOrder: "DESCENDING" }, { sortBy: { schema: USER, attribute: "userName" }, sortOrder: "descending" }],
    ["sortOrder ascending", { sortOrder: "Ascending" }, {}],
    ["filter", { filter: 'userName eq "bjensen"' }, { filter: { op: "compare", path: { attribute: "userName" }, operator: "eq", value: "bjensen" } }],
    ["attributes, comma-separated, trimmed", { attributes: "userName, name.givenName,,emails" }, { attributes: ["userName", "name.givenName", "emails"] }],
    ["attributes repeated", { attributes: ["userName", "emails"] }, { attributes: ["userName", "emails"] }],
    ["excludedAttributes", { excludedAttributes: "members" }, { excludedAttributes: ["members"] }],
    ["parameter names in any case", { STARTINDEX: "3", Count: "4", FILTER: "title pr" }, { startIndex: 3, count: 4, filter: { op: "present", path: { attribute: "title" } } }],
    ["unknown parameters ignored", { foo: "bar" }, {}],
    ["undefined values count as missing", { count: undefined }, {}],
  ];
  for (const [name, query, expected] of CASES) {
    it(name, () => expect(parseListQuery(query, options)).toEqual({ ...defaults, ...expected }));
  }

  it("reads URLSearchParams", () => {
    const query = new URLSearchParams("startIndex=2&count=3&attributes=userName&attributes=emails&filter=userName+eq+%22x%22");
    expect(parseListQuery(query, options)).toEqual({
      ...defaults,
      startIndex: 2,
      count: 3,
      attributes: ["userName", "emails"],
      filter: { op: "compare", path: { attribute: "userName" }, operator: "eq", value: "x" },
    });
  });

  it("defaults count to maxResults, and caps the default", () => {
    expect(parseListQuery({}, { maxResults: 100 }).count).toBe(100);
    expect(parseListQuery({}, { maxResults: 100, defaultCount: 500 }).count).toBe(100);
  });

  it("without a resource type, keeps paths as written and skips schema checks", () => {
    const query = parseListQuery({ sortBy: "whatever.x", filter: "nope pr" }, { maxResults: 10 });
    expect(query.sortBy).toEqual({ attribute: "whatever", subAttribute: "x" });
    expect(query.filter).toEqual({ op: "present", path: { attribute: "nope" } });
  });

  const ERRORS: [string, QueryInput, string, string][] = [
    ["non-integer count", { count: "1.5" }, "invalidValue", "'count' must be an integer"],
    ["word count", { count: "ten" }, "invalidValue", "'count' must be an integer"],
    ["non-integer startIndex", { startIndex: "1e3" }, "invalidValue", "'startIndex' must be an integer"],
    ["bad sortOrder", { sortOrder: "up" }, "invalidValue", "'sortOrder' must be 'ascending' or 'descending'"],
    ["malformed sortBy", { sortBy: "a b" }, "invalidValue", "Invalid attribute path 'a b'"],
    ["unknown sortBy", { sortBy: "nope" }, "invalidValue", "Cannot sort by 'nope'"],
    ["sortBy password", { sortBy: "password" }, "invalidValue", "Cannot sort by 'password'"],
    ["repeated scalar", { count: ["1", "2"] }, "invalidValue", "Parameter 'count' is given more than once"],
    ["both attribute lists", { attributes: "userName", excludedAttributes: "emails" }, "invalidValue", "Use either 'attributes' or 'excludedAttributes', not both"],
    ["malformed attribute name", { attributes: "userName,a b" }, "invalidValue", "Invalid attribute path 'a b'"],
    ["malformed filter", { filter: "userName eq" }, "invalidFilter", "Expected a value at position 11"],
    ["filter on an unknown attribute", { filter: "nope pr" }, "invalidFilter", "Unknown attribute 'nope'"],
  ];
  for (const [name, query, scimType, detail] of ERRORS) {
    it(`rejects ${name}`, () => expect(failure(() => parseListQuery(query, options))).toMatchObject({ status: 400, scimType, detail }));
  }

  it("validates the filter against the given resource type", () => {
    expect(() => parseListQuery({ filter: 'members[value eq "x"]' }, { ...options, resourceType: GROUP_RESOURCE_TYPE })).not.toThrow();
    expect(failure(() => parseListQuery({ filter: 'members[value eq "x"]' }, options)).scimType).toBe("invalidFilter");
  });
});

describe("parseProjectionQuery", () => {
  it("reads both lists and leaves missing ones out", () => {
    expect(parseProjectionQuery({ attributes: "a,b" })).toEqual({ attributes: ["a", "b"] });
    expect(parseProjectionQuery(new URLSearchParams("excludedAttributes=members"))).toEqual({ excludedAttributes: ["members"] });
    expect(parseProjectionQuery({ attributes: " , " })).toEqual({});
  });
});

describe("parseSearchRequest", () => {
  const request = (members: Record<string, unknown>) => ({ schemas: [SEARCH_REQUEST_SCHEMA], ...members });

  const CASES: [string, unknown, Partial<ListQuery>][] = [
    ["minimal", request({}), {}],
    ["RFC 7644 §3.4.3 example", request({
      attributes: ["displayName", "userName"],
      filter: 'displayName sw "smi"',
      startIndex: 1,
      count: 10,
    }), { attributes: ["displayName", "userName"], filter: { op: "compare", path: { attribute: "displayName" }, operator: "sw", value: "smi" }, count: 10 }],
    ["schema URN in any case", { schemas: [SEARCH_REQUEST_SCHEMA.toUpperCase()] }, {}],
    ["member names in any case", { SCHEMAS: [SEARCH_REQUEST_SCHEMA], StartIndex: 5, COUNT: "6" }, { startIndex: 5, count: 6 }],
    ["unknown members ignored", request({ foo: 1 }), {}],
    ["nulls count as absent", request({ filter: null, count: null, attributes: null, sortBy: null }), {}],
    ["attributes as a comma-separated string", request({ excludedAttributes: "emails, groups" }), { excludedAttributes: ["emails", "groups"] }],
    ["sorting", request({ sortBy: "userName", sortOrder: "descending" }), { sortBy: { schema: USER, attribute: "userName" }, sortOrder: "descending" }],
    ["negative count and startIndex", request({ count: -3, startIndex: -3 }), { count: 0, startIndex: 1 }],
    ["empty attribute list", request({ attributes: [] }), {}],
  ];
  for (const [name, body, expected] of CASES) {
    it(name, () => expect(parseSearchRequest(body, options)).toEqual({ ...defaults, ...expected }));
  }

  const ERRORS: [string, unknown, string, string][] = [
    ["a non-object body", [], "invalidSyntax", "A SearchRequest must be a JSON object"],
    ["a null body", null, "invalidSyntax", "A SearchRequest must be a JSON object"],
    ["a missing schemas member", { filter: "title pr" }, "invalidSyntax", `A SearchRequest must list the schema '${SEARCH_REQUEST_SCHEMA}'`],
    ["a wrong schema", { schemas: [USER] }, "invalidSyntax", `A SearchRequest must list the schema '${SEARCH_REQUEST_SCHEMA}'`],
    ["schemas of the wrong type", { schemas: SEARCH_REQUEST_SCHEMA }, "invalidSyntax", `A SearchRequest must list the schema '${SEARCH_REQUEST_SCHEMA}'`],
    ["a non-integer count", request({ count: 2.5 }), "invalidValue", "'count' must be an integer"],
    ["an infinite startIndex", request({ startIndex: Infinity }), "invalidValue", "SearchRequest member 'startIndex' is invalid: Invalid input"],
    ["a word startIndex", request({ startIndex: "first" }), "invalidValue", "'startIndex' must be an integer"],
    ["a filter of the wrong type", request({ filter: 5 }), "invalidValue", "SearchRequest member 'filter' is invalid: Invalid input: expected string, received number"],
    ["both attribute lists", request({ attributes: ["a"], excludedAttributes: ["b"] }), "invalidValue", "Use either 'attributes' or 'excludedAttributes', not both"],
    ["a bad filter", request({ filter: "(" }), "invalidFilter", "Expected an attribute path at position 1"],
  ];
  for (const [name, body, scimType, detail] of ERRORS) {
    it(`rejects ${name}`, () => expect(failure(() => parseSearchRequest(body, options))).toMatchObject({ status: 400, scimType, detail }));
  }
});

describe("buildListResponse", () => {
  it("builds the envelope with integer counts and Resources even when empty", () => {
    expect(buildListResponse([{ id: "1" }, { id: "2" }], { totalResults: 12, startIndex: 3 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 12,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: "1" }, { id: "2" }],
    });
    expect(buildListResponse([], { totalResults: 0, startIndex: 1 })).toEqual({
      schemas: [LIST_RESPONSE_SCHEMA],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });
});
