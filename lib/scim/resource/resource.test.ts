import { describe, expect, test } from "vitest";
import { ScimError } from "../errors";
import { applyPatch } from "../patch/apply";
import { attribute } from "../schemas/define";
import { USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "../schemas/types";
import { attributeValueSchema, parseAttributeValue } from "./attribute-values";
import { etag, etagMatches, fromScimGroup, fromScimUser, parseEtag, toScimGroup, toScimUser, type GroupRecord, type UserRecord } from ".";
import { deepEqual } from "./json";

const CUSTOM = "urn:example:params:scim:schemas:extension:custom:2.0:User";

function scimError(action: () => unknown): ScimError {
  try {
    action();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error("expected a ScimError");
}

describe("fromScimUser", () => {
  test("a minimal User gets the defaults: active, no emails, empty extra", () => {
    expect(fromScimUser({ schemas: [USER_SCHEMA], userName: "bjensen" })).toStrictEqual({
      user: { userName: "bjensen", active: true, emails: [], extra: {} },
    });
  });

  test("attribute and sub-attribute names are case-insensitive and come out canonical", () => {
    const { user } = fromScimUser({ USERNAME: "b", Emails: [{ Value: "b@example.com", TYPE: "work", Primary: true }], NAME: { GivenName: "B" } });
    expect(user).toStrictEqual({ userName: "b", name: { givenName: "B" }, active: true, emails: [{ value: "b@example.com", type: "work", primary: true }], extra: {} });
  });

  test("booleans as strings are accepted for active", () => {
    expect(fromScimUser({ userName: "b", active: "False" }).user.active).toBe(false);
    expect(fromScimUser({ userName: "b", active: "tRuE" }).user.active).toBe(true);
  });

  test("email types outside the canonical values are kept as sent", () => {
    expect(fromScimUser({ userName: "b", emails: [{ value: "b@example.com", type: "Corporate" }] }).user.emails).toEqual([{ value: "b@example.com", type: "Corporate" }]);
  });

  test("password is returned separately and never part of the user", () => {
    const parsed = fromScimUser({ userName: "b", password: "t1meMa$heen" });
    expect(parsed.password).toBe("t1meMa$heen");
    expect(parsed.user).not.toHaveProperty("password");
  });

  test("readOnly attributes (id, meta, groups) in input are ignored", () => {
    const { user } = fromScimUser({ userName: "b", id: "x", meta: { version: 'W/"1"' }, groups: [{ value: "g" }] });
    expect(user).toStrictEqual({ userName: "b", active: true, emails: [], extra: {} });
  });

  test("null values are unassigned", () => {
    expect(fromScimUser({ userName: "b", displayName: null, [ENTERPRISE_USER_SCHEMA]: { department: null } }).user).toStrictEqual({
      userName: "b",
      active: true,
      emails: [],
      extra: {},
    });
  });

  test("unknown attributes and unknown extensions are kept in extra", () => {
    const { user } = fromScimUser({ userName: "b", favouriteColour: "teal", [CUSTOM]: { badge: "B7" } });
    expect(user.extra).toStrictEqual({ favouriteColour: "teal", [CUSTOM]: { badge: "B7" } });
  });

  test("the enterprise extension is parsed; manager keeps only its id", () => {
    const { user } = fromScimUser({
      userName: "b",
      "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {
        EmployeeNumber: "701984",
        manager: { value: "m-1", $ref: "https://x/Users/m-1", displayName: "Boss" },
      },
    });
    expect(user.enterprise).toStrictEqual({ employeeNumber: "701984", manager: { value: "m-1" } });
  });

  test("a manager given as a bare id is normalized", () => {
    expect(fromScimUser({ userName: "b", [ENTERPRISE_USER_SCHEMA]: { manager: "m-1" } }).user.enterprise).toStrictEqual({ manager: { value: "m-1" } });
  });

  test.each([
    ["a body that is not an object", [], "invalidSyntax", "must be a JSON object"],
    ["schemas without the core schema", { schemas: [GROUP_SCHEMA], userName: "b" }, "invalidSyntax", '"schemas"'],
    ["schemas that is not an array", { schemas: USER_SCHEMA, userName: "b" }, "invalidSyntax", '"schemas"'],
    ["a missing userName", { displayName: "B" }, "invalidValue", '"userName" is required'],
    ["an empty userName", { userName: "" }, "invalidValue", '"userName" is required'],
    ["a wrongly typed attribute", { userName: 5 }, "invalidValue", "userName"],
    ["a wrongly typed sub-attribute", { userName: "b", emails: [{ value: "b@example.com", primary: "maybe" }] }, "invalidValue", "emails[0].primary"],
    ["an unknown sub-attribute", { userName: "b", name: { nick: "B" } }, "invalidValue", "nick"],
    ["an unknown attribute of the enterprise extension", { userName: "b", [ENTERPRISE_USER_SCHEMA]: { shoeSize: 9 } }, "invalidValue", ENTERPRISE_USER_SCHEMA],
    ["an enterprise extension that is not an object", { userName: "b", [ENTERPRISE_USER_SCHEMA]: "x" }, "invalidValue", ENTERPRISE_USER_SCHEMA],
  ])("rejects %s", (_, body, scimType, detail) => {
    const error = scimError(() => fromScimUser(body));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toContain(detail);
  });
});

describe("fromScimGroup", () => {
  test("members are parsed; type is normalized to User/Group; display and $ref: null accepted", () => {
    const group = fromScimGroup({
      schemas: [GROUP_SCHEMA],
      displayName: "Tour Guides",
      members: [{ value: "u-1", display: "Alice", $ref: null }, { value: "g-2", type: "group" }],
    });
    expect(group).toStrictEqual({ displayName: "Tour Guides", members: [{ value: "u-1" }, { value: "g-2", type: "Group" }], extra: {} });
  });

  test("a member is read by value and type: displayName, $ref and vendor keys are ignored, whatever their JSON", () => {
    const group = fromScimGroup({
      schemas: [GROUP_SCHEMA],
      displayName: "Tour Guides",
      members: [
        { value: "u-1", displayName: "new User" },
        { VALUE: "u-2", $ref: "https://idp.example/Users/u-2", display: { nested: true }, "urn:vendor:x": [1], Type: "USER" },
      ],
    });
    expect(group).toStrictEqual({ displayName: "Tour Guides", members: [{ value: "u-1" }, { value: "u-2", type: "User" }], extra: {} });
  });

  test("members absent stays absent (not given is not empty)", () => {
    expect(fromScimGroup({ displayName: "G", externalId: "ext", members: undefined })).toStrictEqual({ displayName: "G", externalId: "ext", extra: {} });
  });

  test("unknown extensions of a Group are kept", () => {
    expect(fromScimGroup({ displayName: "G", "urn:example:group:2.0": { code: 1 } }).extra).toStrictEqual({ "urn:example:group:2.0": { code: 1 } });
  });

  test.each([
    ["a missing displayName", { members: [] }],
    ["a member without value", { displayName: "G", members: [{ display: "A" }] }],
    ["a member with only extra keys", { displayName: "G", members: [{ displayName: "A", $ref: "https://idp.example/Users/a" }] }],
    ["a member whose value is not a string", { displayName: "G", members: [{ value: 7, displayName: "A" }] }],
    ["a member type outside User/Group", { displayName: "G", members: [{ value: "u", type: "Robot" }] }],
  ])("rejects %s", (_, body) => {
    expect(scimError(() => fromScimGroup(body)).scimType).toBe("invalidValue");
  });
});

describe("attribute value schemas built from definitions", () => {
  const parse = (definition: ReturnType<typeof attribute>, value: unknown) =>
    parseAttributeValue(attributeValueSchema(definition), value, definition.name);

  test.each([
    ["integer", 3, 3.5],
    ["decimal", 3.5, "3.5"],
    ["dateTime", "2024-05-01T10:00:00Z", "yesterday"],
    ["binary", "TUlJ", 1],
  ] as const)("%s accepts %s and rejects %s", (type, good, bad) => {
    const definition = attribute("sample", type, "");
    expect(parse(definition, good)).toBe(good);
    expect(scimError(() => parse(definition, bad)).detail).toContain("sample");
  });

  test("a multi-valued attribute takes a single value as a one-element array", () => {
    expect(parse(attribute("tags", "string", "", { multiValued: true }), "a")).toEqual(["a"]);
  });

  test("a bare value only becomes {value} for complex attributes with a value sub-attribute", () => {
    const complex = attribute("thing", "complex", "", { subAttributes: [attribute("label", "string", "")] });
    expect(scimError(() => parse(complex, "x")).scimType).toBe("invalidValue");
  });
});

const CREATED = new Date("2024-01-02T03:04:05.000Z");
const MODIFIED = new Date("2024-02-03T04:05:06.000Z");

const USER_RECORD: UserRecord = {
  id: "u-1",
  userName: "bjensen",
  externalId: "ext-1",
  name: { givenName: "Barbara", familyName: "Jensen" },
  displayName: "Babs",
  active: false,
  emails: [{ value: "b@example.com", type: "work", primary: true }],
  enterprise: { department: "Tours", manager: { value: "m-1", displayName: "Boss" } },
  extra: { favouriteColour: "teal", [CUSTOM]: { badge: "B7" } },
  groups: [{ value: "g-1", display: "Guides", type: "direct" }],
  created: CREATED,
  lastModified: MODIFIED,
  version: 4,
};

describe("toScimUser", () => {
  test("produces the SCIM representation", () => {
    expect(toScimUser(USER_RECORD, { baseUrl: "https://roster.example/scim/v2/" })).toStrictEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, CUSTOM],
      id: "u-1",
      externalId: "ext-1",
      userName: "bjensen",
      name: { givenName: "Barbara", familyName: "Jensen" },
      displayName: "Babs",
      active: false,
      emails: [{ value: "b@example.com", type: "work", primary: true }],
      groups: [{ value: "g-1", $ref: "https://roster.example/scim/v2/Groups/g-1", display: "Guides", type: "direct" }],
      [ENTERPRISE_USER_SCHEMA]: { department: "Tours", manager: { value: "m-1", $ref: "https://roster.example/scim/v2/Users/m-1", displayName: "Boss" } },
      favouriteColour: "teal",
      [CUSTOM]: { badge: "B7" },
      meta: {
        resourceType: "User",
        created: "2024-01-02T03:04:05.000Z",
        lastModified: "2024-02-03T04:05:06.000Z",
        location: "https://roster.example/scim/v2/Users/u-1",
        version: 'W/"4"',
      },
    });
  });

  test("omits empty values, lists the enterprise schema only when used, and never leaks other record fields", () => {
    const record = { ...USER_RECORD, enterprise: undefined, extra: {}, groups: undefined, name: {}, emails: [], nickName: null, passwordHash: "$argon2id$…", password: "secret" };
    const json = toScimUser(record as unknown as UserRecord, { baseUrl: "https://x" });
    expect(json.schemas).toEqual([USER_SCHEMA]);
    expect(Object.keys(json)).toEqual(["schemas", "id", "externalId", "userName", "displayName", "active", "meta"]);
  });

  test("drops nulls and empties at every depth, keeps false and 0", () => {
    const extra = { flags: { on: false, count: 0, none: null, empty: {}, list: [null, { x: null }, 3] }, gone: [null, {}] };
    const json = toScimUser({ ...USER_RECORD, extra } as unknown as UserRecord, { baseUrl: "https://x" });
    expect(json.flags).toStrictEqual({ on: false, count: 0, list: [3] });
    expect("gone" in json).toBe(false);
  });

  test('an attribute named "__proto__" (valid JSON) stays data and never becomes the prototype', () => {
    const extra = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    const json = toScimUser({ ...USER_RECORD, extra } as unknown as UserRecord, { baseUrl: "https://x" });
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect((json as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(json)).__proto__).toEqual({ polluted: true });
  });
});

describe("toScimGroup", () => {
  const GROUP_RECORD: GroupRecord = {
    id: "g-1",
    displayName: "Guides",
    members: [{ value: "u-1", display: "Alice", type: "User" }, { value: "g-2", type: "Group" }],
    extra: {},
    created: CREATED,
    lastModified: MODIFIED,
    version: 9,
  };

  test("members carry value, $ref by type, display and type", () => {
    expect(toScimGroup(GROUP_RECORD, { baseUrl: "https://x/scim/v2" })).toStrictEqual({
      schemas: [GROUP_SCHEMA],
      id: "g-1",
      displayName: "Guides",
      members: [
        { value: "u-1", $ref: "https://x/scim/v2/Users/u-1", display: "Alice", type: "User" },
        { value: "g-2", $ref: "https://x/scim/v2/Groups/g-2", type: "Group" },
      ],
      meta: { resourceType: "Group", created: CREATED.toISOString(), lastModified: MODIFIED.toISOString(), location: "https://x/scim/v2/Groups/g-1", version: 'W/"9"' },
    });
  });

  test("members not loaded are omitted; extensions in extra are listed in schemas", () => {
    const json = toScimGroup({ ...GROUP_RECORD, members: undefined, externalId: "e", extra: { "urn:example:group:2.0": { code: 1 } } }, { baseUrl: "https://x" });
    expect(json).not.toHaveProperty("members");
    expect(json.schemas).toEqual([GROUP_SCHEMA, "urn:example:group:2.0"]);
    expect(json.externalId).toBe("e");
  });
});

describe("round trip record → SCIM → PATCH → record", () => {
  test("an Entra-style PATCH lands in the record; nothing else is lost", () => {
    const json = toScimUser(USER_RECORD, { baseUrl: "https://x" });
    const { resource } = applyPatch(json, [{ op: "replace", value: { "name.givenName": "B", [`${ENTERPRISE_USER_SCHEMA}:manager`]: "m-2", active: "True" } }], { resourceType: USER_RESOURCE_TYPE });
    const { user, password } = fromScimUser(resource);
    const { id: _id, groups: _groups, created: _created, lastModified: _modified, version: _version, ...input } = USER_RECORD;
    expect(password).toBeUndefined();
    expect(user).toStrictEqual({ ...input, active: true, name: { givenName: "B", familyName: "Jensen" }, enterprise: { department: "Tours", manager: { value: "m-2" } } });
  });
});

describe("ETags", () => {
  test("versions are served as weak ETags", () => {
    expect(etag(3)).toBe('W/"3"');
  });

  test.each([
    [undefined, undefined],
    [null, undefined],
    ["  ", undefined],
    ["*", "*"],
    ['W/"3"', [{ weak: true, opaque: "3" }]],
    ['"3"', [{ weak: false, opaque: "3" }]],
    ['W/"3", "4" ,w/"5"', [{ weak: true, opaque: "3" }, { weak: false, opaque: "4" }, { weak: true, opaque: "5" }]],
    ["3", [{ weak: false, opaque: "3" }]],
    ['""', [{ weak: false, opaque: "" }]],
  ])("parseEtag(%j)", (header, expected) => {
    expect(parseEtag(header)).toEqual(expected);
  });

  test.each(['"3" "4"', '"3",,"4"', 'W/"3'])("parseEtag rejects %j", (header) => {
    expect(scimError(() => parseEtag(header)).scimType).toBe("invalidSyntax");
  });

  test("etagMatches compares weakly; * matches any version", () => {
    expect(etagMatches(parseEtag('"4"')!, 4)).toBe(true);
    expect(etagMatches(parseEtag('W/"3", W/"4"')!, 4)).toBe(true);
    expect(etagMatches(parseEtag('W/"3"')!, 4)).toBe(false);
    expect(etagMatches("*", 4)).toBe(true);
  });
});

describe("deepEqual", () => {
  test("compares JSON structurally, regardless of key order", () => {
    expect(deepEqual({ a: [1, { b: 2 }], c: "x" }, { c: "x", a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual([1, 2], [1])).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});
