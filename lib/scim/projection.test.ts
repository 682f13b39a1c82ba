import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { project, wantsAttribute, type ProjectionParams } from "./projection";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas/resource-types";
import { findAttribute } from "./schemas/lookup";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

const user = {
  schemas: [USER, ENTERPRISE],
  id: "u1",
  externalId: "ext1",
  userName: "bjensen",
  password: "secret",
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { value: "b@example.com", type: "work", primary: true },
    { type: "home" },
  ],
  meta: { resourceType: "User", created: "2010-01-23T04:56:22Z", location: "https://x/Users/u1" },
  [ENTERPRISE]: { employeeNumber: "701984", manager: { value: "m1", displayName: "Boss" } },
};

const group = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "g1",
  displayName: "Admins",
  members: [{ value: "u1", display: "Babs", $ref: "https://x/Users/u1" }],
  meta: { resourceType: "Group" },
};

const always = { schemas: user.schemas, id: "u1" };

const CASES: [string, ProjectionParams, Record<string, unknown>][] = [
  ["default: everything but password", {}, (({ password: _password, ...rest }) => rest)(user)],
  ["attributes: always-returned plus the named ones", { attributes: ["userName"] }, { ...always, userName: "bjensen" }],
  ["attributes: case-insensitive names", { attributes: ["USERNAME", "Name"] }, { ...always, userName: "bjensen", name: user.name }],
  ["attributes: a sub-attribute", { attributes: ["name.givenName"] }, { ...always, name: { givenName: "Barbara" } }],
  ["attributes: a multi-valued sub-attribute drops elements left empty", { attributes: ["emails.value"] }, { ...always, emails: [{ value: "b@example.com" }] }],
  ["attributes: a sub-attribute no element has drops the attribute", { attributes: ["emails.display"] }, always],
  ["attributes: password is never returned", { attributes: ["password", "userName"] }, { ...always, userName: "bjensen" }],
  ["attributes: id cannot be dropped", { attributes: ["externalId"] }, { ...always, externalId: "ext1" }],
  ["attributes: meta sub-attributes", { attributes: ["meta.created", "meta.LOCATION"] }, { ...always, meta: { created: user.meta.created, location: user.meta.location } }],
  ["attributes: URN-qualified core attribute", { attributes: [`${USER}:userName`] }, { ...always, userName: "bjensen" }],
  ["attributes: extension attribute", { attributes: [`${ENTERPRISE}:employeeNumber`] }, { ...always, [ENTERPRISE]: { employeeNumber: "701984" } }],
  ["attributes: extension sub-attribute", { attributes: [`${ENTERPRISE}:manager.value`] }, { ...always, [ENTERPRISE]: { manager: { value: "m1" } } }],
  ["attributes: unqualified extension attribute", { attributes: ["employeeNumber"] }, { ...always, [ENTERPRISE]: { employeeNumber: "701984" } }],
  ["attributes: whole extension", { attributes: [ENTERPRISE.toLowerCase()] }, { ...always, [ENTERPRISE]: user[ENTERPRISE] }],
  ["attributes: unknown names select nothing", { attributes: ["nope", "name.nope", "urn:x:y"] }, always],
  ["attributes: a whole complex attribute and one of its sub-attributes", { attributes: ["name", "name.givenName"] }, { ...always, name: user.name }],
  ["excludedAttributes: drop one", { excludedAttributes: ["emails"] }, (({ password: _p, emails: _e, ...rest }) => rest)(user)],
  ["excludedAttributes: always-returned cannot be dropped", { excludedAttributes: ["id", "schemas"] }, (({ password: _p, ...rest }) => rest)(user)],
  ["excludedAttributes: a sub-attribute", { excludedAttributes: ["name.familyName", "emails.primary"] }, {
    ...(({ password: _p, ...rest }) => rest)(user),
    name: { givenName: "Barbara" },
    emails: [{ value: "b@example.com", type: "work" }, { type: "home" }],
  }],
  ["excludedAttributes: the whole extension", { excludedAttributes: [ENTERPRISE] }, (({ password: _p, [ENTERPRISE]: _x, ...rest }) => rest)(user)],
  ["excludedAttributes: an extension attribute", { excludedAttributes: [`${ENTERPRISE}:manager`] }, {
    ...(({ password: _p, ...rest }) => rest)(user),
    [ENTERPRISE]: { employeeNumber: "701984" },
  }],
  ["excludedAttributes: every extension attribute drops the extension", { excludedAttributes: [`${ENTERPRISE}:manager`, "employeeNumber"] }, (({ password: _p, [ENTERPRISE]: _x, ...rest }) => rest)(user)],
  ["empty lists mean default", { attributes: [], excludedAttributes: [] }, (({ password: _password, ...rest }) => rest)(user)],
];

describe("project", () => {
  for (const [name, params, expected] of CASES) {
    it(name, () => expect(project(user, USER_RESOURCE_TYPE, params)).toEqual(expected));
  }

  it("leaves the resource untouched", () => {
    const copy = structuredClone(user);
    project(user, USER_RESOURCE_TYPE, { attributes: ["name.givenName"] });
    expect(user).toEqual(copy);
  });

  it("projects groups: displayName is not always returned", () => {
    expect(project(group, GROUP_RESOURCE_TYPE, { attributes: ["members.value"] })).toEqual({ schemas: group.schemas, id: "g1", members: [{ value: "u1" }] });
    expect(project(group, GROUP_RESOURCE_TYPE, { excludedAttributes: ["members"] })).toEqual({ schemas: group.schemas, id: "g1", displayName: "Admins", meta: group.meta });
  });

  it("keeps keys no schema defines only without an attributes list", () => {
    const resource = { id: "u1", custom: 1, name: { givenName: "B", extra: 2 }, [ENTERPRISE]: { other: 3 } };
    expect(project(resource, USER_RESOURCE_TYPE)).toEqual(resource);
    expect(project(resource, USER_RESOURCE_TYPE, { excludedAttributes: ["userName"] })).toEqual(resource);
    expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name.givenName"] })).toEqual({ id: "u1", name: { givenName: "B" } });
    expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name", ENTERPRISE] })).toEqual({ id: "u1", name: resource.name, [ENTERPRISE]: { other: 3 } });
  });

  it("passes non-object values through and drops malformed extensions", () => {
    const resource = { id: "u1", emails: ["loose"], name: "flat", [ENTERPRISE]: "not an object" };
    expect(project(resource, USER_RESOURCE_TYPE)).toEqual({ id: "u1", emails: ["loose"], name: "flat" });
  });

  describe("with returned: request and always on sub-attributes", () => {
    // The stock schemas have neither, so the test edits two definitions and restores them.
    const nickName = findAttribute(USER_RESOURCE_TYPE, { attribute: "nickName" })!.definition;
    const givenName = findAttribute(USER_RESOURCE_TYPE, { attribute: "name", subAttribute: "givenName" })!.definition;
    const familyName = findAttribute(USER_RESOURCE_TYPE, { attribute: "name", subAttribute: "familyName" })!.definition;
    const middleName = findAttribute(USER_RESOURCE_TYPE, { attribute: "name", subAttribute: "middleName" })!.definition;
    beforeEach(() => {
      middleName.returned = "never";
      nickName.returned = "request";
      givenName.returned = "request";
      familyName.returned = "always";
    });
    afterEach(() => {
      nickName.returned = givenName.returned = familyName.returned = middleName.returned = "default";
    });
    const resource = { id: "u1", nickName: "Babs", name: { givenName: "B", familyName: "J", formatted: "B J", middleName: "never returned" } };
    const name = { givenName: "B", familyName: "J", formatted: "B J" };

    it("returns request attributes only when named, never-returned sub-attributes never", () => {
      expect(project(resource, USER_RESOURCE_TYPE)).toEqual({ id: "u1", name: { familyName: "J", formatted: "B J" } });
      expect(project(resource, USER_RESOURCE_TYPE, { excludedAttributes: ["name.formatted"] })).toEqual({ id: "u1", name: { familyName: "J" } });
      expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["nickName"] })).toEqual({ id: "u1", nickName: "Babs" });
      expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name"] })).toEqual({ id: "u1", name: { familyName: "J", formatted: "B J" } });
      expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name", "name.givenName"] })).toEqual({ id: "u1", name });
      expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name.middleName"] })).toEqual({ id: "u1", name: { familyName: "J" } });
      expect(wantsAttribute(USER_RESOURCE_TYPE, {}, "nickName")).toBe(false);
      expect(wantsAttribute(USER_RESOURCE_TYPE, { attributes: ["nickName"] }, "nickName")).toBe(true);
    });

    it("keeps always-returned sub-attributes of an included attribute", () => {
      expect(project(resource, USER_RESOURCE_TYPE, { attributes: ["name.formatted"] })).toEqual({ id: "u1", name: { familyName: "J", formatted: "B J" } });
      expect(project(resource, USER_RESOURCE_TYPE, { excludedAttributes: ["name.familyName"] })).toEqual({ id: "u1", name: { familyName: "J", formatted: "B J" } });
    });
  });

  it("rejects attributes and excludedAttributes together", () => {
    expect(() => project(user, USER_RESOURCE_TYPE, { attributes: ["userName"], excludedAttributes: ["emails"] })).toThrow(
      expect.objectContaining({ status: 400, scimType: "invalidValue" }),
    );
  });

  it("rejects malformed names with invalidValue", () => {
    expect(() => project(user, USER_RESOURCE_TYPE, { attributes: ["a b"] })).toThrow(ScimError);
    expect(() => project(user, USER_RESOURCE_TYPE, { attributes: ["a b"] })).toThrow(expect.objectContaining({ scimType: "invalidValue" }));
  });
});

describe("wantsAttribute", () => {
  const CASES: [ProjectionParams, string, boolean][] = [
    [{}, "members", true],
    [{ excludedAttributes: ["members"] }, "members", false],
    [{ excludedAttributes: ["MEMBERS"] }, "members", false],
    [{ excludedAttributes: ["displayName"] }, "members", true],
    [{ attributes: ["displayName"] }, "members", false],
    [{ attributes: ["members"] }, "members", true],
    [{ attributes: ["members.value"] }, "members", true],
    [{ attributes: ["members.value"] }, "members.value", true],
    [{ attributes: ["members.value"] }, "members.display", false],
    [{ attributes: ["members"] }, "members.display", true],
    [{ excludedAttributes: ["members.display"] }, "members.display", false],
    [{ excludedAttributes: ["members"] }, "members.value", false],
    [{ attributes: ["displayName"] }, "id", true],
  ];
  for (const [params, name, expected] of CASES) {
    it(`${JSON.stringify(params)} wants ${name}: ${expected}`, () => expect(wantsAttribute(GROUP_RESOURCE_TYPE, params, name)).toBe(expected));
  }

  it("never wants password; wants request-only attributes only when named", () => {
    expect(wantsAttribute(USER_RESOURCE_TYPE, {}, "password")).toBe(false);
    expect(wantsAttribute(USER_RESOURCE_TYPE, { attributes: ["password"] }, "password")).toBe(false);
  });

  it("answers for whole extensions", () => {
    expect(wantsAttribute(USER_RESOURCE_TYPE, {}, ENTERPRISE)).toBe(true);
    expect(wantsAttribute(USER_RESOURCE_TYPE, { excludedAttributes: [ENTERPRISE] }, ENTERPRISE)).toBe(false);
    expect(wantsAttribute(USER_RESOURCE_TYPE, { attributes: ["userName"] }, ENTERPRISE)).toBe(false);
    expect(wantsAttribute(USER_RESOURCE_TYPE, { attributes: [`${ENTERPRISE}:manager.value`] }, ENTERPRISE)).toBe(true);
  });

  it("throws a programming error for unknown names", () => {
    expect(() => wantsAttribute(GROUP_RESOURCE_TYPE, {}, "nope")).toThrow("wantsAttribute: unknown attribute 'nope'");
  });
});
