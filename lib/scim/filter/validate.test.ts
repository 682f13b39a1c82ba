import { describe, expect, it } from "vitest";
import { ScimError } from "../errors";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { parseFilter } from "./parser";
import { validateFilter } from "./validate";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("validateFilter", () => {
  const valid = [
    'userName eq "x"',
    'USERNAME eq "x" and not (active eq true)',
    'emails[type eq "work" and value co "@x"] or emails.value pr',
    'emails co "example.com"',
    "emails.primary eq true",
    'meta.lastModified gt "2020-01-01T00:00:00Z"',
    `${ENTERPRISE}:manager.value eq "1"`,
    `${ENTERPRISE}:manager[value eq "1"]`,
    "employeeNumber pr",
    'id eq "x" or externalId eq "y"',
    "name pr",
    'emails[type eq "work"].value eq "ada@example.com"',
  ];
  for (const filter of valid) {
    it(`accepts ${filter}`, () => expect(() => validateFilter(parseFilter(filter), USER_RESOURCE_TYPE)).not.toThrow());
  }

  const invalid: [string, string][] = [
    ['nope eq "x"', "Unknown attribute 'nope'"],
    ['name.nope eq "x"', "Unknown attribute 'name.nope'"],
    ['emails[nope eq "x"]', "Unknown attribute 'nope'"],
    ['x pr or emails[type eq "work"]', "Unknown attribute 'x'"],
    ['emails[type eq "work"].nope eq "x"', "Unknown attribute 'nope'"],
    ['emails[type eq "work"].primary gt 1', "The 'gt' operator cannot compare the boolean attribute 'primary'"],
    ['userName pr and not (nope pr)', "Unknown attribute 'nope'"],
    ["active gt 1 or active lt 2", "The 'gt' operator cannot compare the boolean attribute 'active'"],
    ['active gt "x"', "The 'gt' operator cannot compare the boolean attribute 'active'"],
    ["emails.primary le 1", "The 'le' operator cannot compare the boolean attribute 'emails.primary'"],
    ['name eq "x"', "Attribute 'name' is complex; compare one of its sub-attributes"],
    ['addresses co "x"', "Attribute 'addresses' is complex; compare one of its sub-attributes"],
    ['userName[value eq "x"]', "Attribute 'userName' is not complex; it takes no value filter"],
    ['password eq "secret"', "Attribute 'password' cannot be filtered on"],
    ["password pr", "Attribute 'password' cannot be filtered on"],
    [`urn:x:y:userName eq "x"`, "Unknown attribute 'urn:x:y:userName'"],
  ];
  for (const [filter, detail] of invalid) {
    it(`rejects ${filter}`, () => {
      let error: unknown;
      try {
        validateFilter(parseFilter(filter), USER_RESOURCE_TYPE);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ScimError);
      expect(error).toMatchObject({ status: 400, scimType: "invalidFilter", detail });
    });
  }

  it("checks against the given resource type", () => {
    expect(() => validateFilter(parseFilter('members[value eq "x"]'), GROUP_RESOURCE_TYPE)).not.toThrow();
    expect(() => validateFilter(parseFilter('userName eq "x"'), GROUP_RESOURCE_TYPE)).toThrow("Unknown attribute 'userName'");
    expect(() => validateFilter(parseFilter("employeeNumber pr"), GROUP_RESOURCE_TYPE)).toThrow(ScimError);
  });

  it("validates element-relative filters against a parent", () => {
    expect(() => validateFilter(parseFilter('type eq "work"'), USER_RESOURCE_TYPE, { attribute: "emails" })).not.toThrow();
    expect(() => validateFilter(parseFilter('kind eq "work"'), USER_RESOURCE_TYPE, { attribute: "emails" })).toThrow("Unknown attribute 'kind'");
  });
});
