import { describe, expect, it } from "vitest";
import {
  canonicalPath,
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  findAttribute,
  findExtension,
  findExtensionByPath,
  findResourceType,
  findSchema,
  findSubAttribute,
  GROUP_RESOURCE_TYPE,
  GROUP_SCHEMA,
  sameName,
  SCHEMAS,
  schemasOf,
  USER_RESOURCE_TYPE,
  USER_SCHEMA,
  USER_SCHEMA_DEFINITION,
  type AttributeDefinition,
  type ResolvedAttribute,
  type ResourceTypeDefinition,
} from "./index";

const names = (resolved: ResolvedAttribute | undefined) =>
  resolved && { schema: resolved.schema, attribute: resolved.attribute, subAttribute: resolved.subAttribute, extension: resolved.extension, common: resolved.common };

describe("findAttribute", () => {
  const cases: [string, ResourceTypeDefinition, Parameters<typeof findAttribute>[1], ReturnType<typeof names>][] = [
    ["core attribute", USER_RESOURCE_TYPE, { attribute: "userName" }, { schema: USER_SCHEMA, attribute: "userName", subAttribute: undefined, extension: false, common: false }],
    ["any case", USER_RESOURCE_TYPE, { attribute: "USERNAME" }, { schema: USER_SCHEMA, attribute: "userName", subAttribute: undefined, extension: false, common: false }],
    ["sub-attribute", USER_RESOURCE_TYPE, { attribute: "NAME", subAttribute: "givenname" }, { schema: USER_SCHEMA, attribute: "name", subAttribute: "givenName", extension: false, common: false }],
    ["$ref", GROUP_RESOURCE_TYPE, { attribute: "members", subAttribute: "$REF" }, { schema: GROUP_SCHEMA, attribute: "members", subAttribute: "$ref", extension: false, common: false }],
    ["core URN", USER_RESOURCE_TYPE, { schema: USER_SCHEMA.toLowerCase(), attribute: "emails", subAttribute: "value" }, { schema: USER_SCHEMA, attribute: "emails", subAttribute: "value", extension: false, common: false }],
    ["common id", GROUP_RESOURCE_TYPE, { attribute: "ID" }, { schema: GROUP_SCHEMA, attribute: "id", subAttribute: undefined, extension: false, common: true }],
    ["common externalId", USER_RESOURCE_TYPE, { attribute: "externalid" }, { schema: USER_SCHEMA, attribute: "externalId", subAttribute: undefined, extension: false, common: true }],
    ["meta sub-attribute", USER_RESOURCE_TYPE, { attribute: "meta", subAttribute: "LASTMODIFIED" }, { schema: USER_SCHEMA, attribute: "meta", subAttribute: "lastModified", extension: false, common: true }],
    ["URN-qualified common", USER_RESOURCE_TYPE, { schema: USER_SCHEMA, attribute: "id" }, { schema: USER_SCHEMA, attribute: "id", subAttribute: undefined, extension: false, common: true }],
    ["extension URN", USER_RESOURCE_TYPE, { schema: ENTERPRISE_USER_SCHEMA.toUpperCase(), attribute: "employeenumber" }, { schema: ENTERPRISE_USER_SCHEMA, attribute: "employeeNumber", subAttribute: undefined, extension: true, common: false }],
    ["extension sub-attribute", USER_RESOURCE_TYPE, { schema: ENTERPRISE_USER_SCHEMA, attribute: "manager", subAttribute: "displayName" }, { schema: ENTERPRISE_USER_SCHEMA, attribute: "manager", subAttribute: "displayName", extension: true, common: false }],
    ["unqualified extension attribute", USER_RESOURCE_TYPE, { attribute: "costCenter" }, { schema: ENTERPRISE_USER_SCHEMA, attribute: "costCenter", subAttribute: undefined, extension: true, common: false }],
    ["unknown attribute", USER_RESOURCE_TYPE, { attribute: "nope" }, undefined],
    ["unknown sub-attribute", USER_RESOURCE_TYPE, { attribute: "name", subAttribute: "nope" }, undefined],
    ["sub-attribute of a simple attribute", USER_RESOURCE_TYPE, { attribute: "userName", subAttribute: "value" }, undefined],
    ["unknown schema", USER_RESOURCE_TYPE, { schema: "urn:x", attribute: "userName" }, undefined],
    ["core attribute under the extension URN", USER_RESOURCE_TYPE, { schema: ENTERPRISE_USER_SCHEMA, attribute: "userName" }, undefined],
    ["extension of another resource type", GROUP_RESOURCE_TYPE, { schema: ENTERPRISE_USER_SCHEMA, attribute: "employeeNumber" }, undefined],
    ["extension attribute on a type without it", GROUP_RESOURCE_TYPE, { attribute: "employeeNumber" }, undefined],
    ["User attribute on Group", GROUP_RESOURCE_TYPE, { attribute: "userName" }, undefined],
  ];
  for (const [name, resourceType, path, expected] of cases) {
    it(name, () => expect(names(findAttribute(resourceType, path))).toEqual(expected));
  }

  it("returns the leaf definition and the parent", () => {
    const resolved = findAttribute(USER_RESOURCE_TYPE, { attribute: "emails", subAttribute: "type" })!;
    expect(resolved.definition.canonicalValues).toEqual(["work", "home", "other"]);
    expect(resolved.parent?.name).toBe("emails");
    expect(findAttribute(USER_RESOURCE_TYPE, { attribute: "emails" })!.parent).toBeUndefined();
  });
});

describe("schema data (RFC 7643 §4, §8.7.1)", () => {
  const user = (name: string, sub?: string) => findAttribute(USER_RESOURCE_TYPE, { attribute: name, subAttribute: sub })!.definition;
  const group = (name: string, sub?: string) => findAttribute(GROUP_RESOURCE_TYPE, { attribute: name, subAttribute: sub })!.definition;
  const enterprise = (name: string, sub?: string) => findAttribute(USER_RESOURCE_TYPE, { schema: ENTERPRISE_USER_SCHEMA, attribute: name, subAttribute: sub })!.definition;

  it("has the RFC attribute rules", () => {
    expect(user("userName")).toMatchObject({ type: "string", required: true, caseExact: false, uniqueness: "server", returned: "default" });
    expect(user("id")).toMatchObject({ caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" });
    expect(user("externalId")).toMatchObject({ caseExact: true, mutability: "readWrite" });
    expect(user("password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
    expect(user("active").type).toBe("boolean");
    expect(user("meta")).toMatchObject({ type: "complex", mutability: "readOnly" });
    expect(user("meta", "created").type).toBe("dateTime");
    expect(user("groups")).toMatchObject({ multiValued: true, mutability: "readOnly" });
    expect(user("groups", "value").mutability).toBe("readOnly");
    expect(user("photos", "value")).toMatchObject({ type: "reference", referenceTypes: ["external"] });
    expect(user("phoneNumbers", "type").canonicalValues).toContain("mobile");
    expect(user("x509Certificates", "value").type).toBe("binary");
    expect(group("displayName").required).toBe(true);
    expect(group("members")).toMatchObject({ multiValued: true, type: "complex" });
    expect(group("members", "value").mutability).toBe("immutable");
    expect(group("members", "type").canonicalValues).toEqual(["User", "Group"]);
    expect(group("members", "$ref").referenceTypes).toEqual(["User", "Group"]);
    expect(enterprise("manager", "displayName").mutability).toBe("readOnly");
    expect(enterprise("manager", "$ref").referenceTypes).toEqual(["User"]);
  });

  it("defines the full User attribute list", () => {
    expect(USER_SCHEMA_DEFINITION.attributes.map((attribute) => attribute.name)).toEqual([
      "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale",
      "timezone", "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups",
      "entitlements", "roles", "x509Certificates",
    ]);
    expect(user("name").subAttributes!.map((sub) => sub.name)).toEqual(["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"]);
    for (const name of ["emails", "phoneNumbers", "ims", "photos", "entitlements", "roles", "x509Certificates"]) {
      expect(user(name).subAttributes!.map((sub) => sub.name), name).toEqual(["value", "display", "type", "primary"]);
    }
  });

  it("gives every attribute every required property, sub-attributes only to complex ones", () => {
    const check = (definition: AttributeDefinition) => {
      for (const key of ["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness"] as const) {
        expect(definition[key], `${definition.name}.${key}`).toBeDefined();
      }
      expect(definition.description.length).toBeGreaterThan(0);
      expect(definition.type === "complex", definition.name).toBe(definition.subAttributes !== undefined);
      definition.subAttributes?.forEach((sub) => {
        expect(sub.subAttributes, "complex attributes do not nest").toBeUndefined();
        check(sub);
      });
    };
    [...SCHEMAS.flatMap((schema) => schema.attributes), ...COMMON_ATTRIBUTES].forEach(check);
  });
});

describe("lookup helpers", () => {
  it("finds schemas and resource types by any case", () => {
    expect(findSchema(GROUP_SCHEMA.toUpperCase())?.id).toBe(GROUP_SCHEMA);
    expect(findSchema("urn:x")).toBeUndefined();
    expect(findResourceType("user")).toBe(USER_RESOURCE_TYPE);
    expect(findResourceType("Nope")).toBeUndefined();
  });

  it("finds extensions", () => {
    expect(findExtension(USER_RESOURCE_TYPE, ENTERPRISE_USER_SCHEMA.toLowerCase())).toBe(ENTERPRISE_USER_SCHEMA);
    expect(findExtension(GROUP_RESOURCE_TYPE, ENTERPRISE_USER_SCHEMA)).toBeUndefined();
    expect(findExtension(USER_RESOURCE_TYPE, USER_SCHEMA)).toBeUndefined();
  });

  it("recognises a path that spells a whole extension URN", () => {
    const split = { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", attribute: "user" };
    expect(findExtensionByPath(USER_RESOURCE_TYPE, split)).toBe(ENTERPRISE_USER_SCHEMA);
    expect(findExtensionByPath(USER_RESOURCE_TYPE, { ...split, subAttribute: "x" })).toBeUndefined();
    expect(findExtensionByPath(USER_RESOURCE_TYPE, { attribute: "User" })).toBeUndefined();
    expect(findExtensionByPath(GROUP_RESOURCE_TYPE, split)).toBeUndefined();
  });

  it("lists the core schema first", () => {
    expect(schemasOf(USER_RESOURCE_TYPE).map((schema) => schema.id)).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(schemasOf(GROUP_RESOURCE_TYPE).map((schema) => schema.id)).toEqual([GROUP_SCHEMA]);
  });

  it("spells resolved paths canonically", () => {
    expect(canonicalPath(findAttribute(USER_RESOURCE_TYPE, { attribute: "USERNAME" })!)).toEqual({ schema: USER_SCHEMA, attribute: "userName" });
    expect(canonicalPath(findAttribute(USER_RESOURCE_TYPE, { attribute: "manager", subAttribute: "VALUE" })!)).toEqual({
      schema: ENTERPRISE_USER_SCHEMA,
      attribute: "manager",
      subAttribute: "value",
    });
  });

  it("finds sub-attributes and compares names", () => {
    const emails = findAttribute(USER_RESOURCE_TYPE, { attribute: "emails" })!.definition;
    expect(findSubAttribute(emails, "PRIMARY")?.name).toBe("primary");
    expect(findSubAttribute(emails, "nope")).toBeUndefined();
    expect(sameName("userName", "USERNAME")).toBe(true);
    expect(sameName("userName", "user")).toBe(false);
  });
});
