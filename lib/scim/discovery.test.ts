import { describe, expect, it } from "vitest";
import {
  getResourceType,
  getSchema,
  listResourceTypes,
  listSchemas,
  RESOURCE_TYPE_SCHEMA,
  resourceTypeDocument,
  SCHEMA_SCHEMA,
  schemaDocument,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
  serviceProviderConfig,
  type ServiceProviderOptions,
} from "./discovery";
import { ScimError } from "./errors";
import { LIST_RESPONSE_SCHEMA } from "./list";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "./schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schemas/types";
import { GROUP_SCHEMA_DEFINITION } from "./schemas/group";

const BASE = "https://roster.example.com/scim/v2";
const options: ServiceProviderOptions = { baseUrl: `${BASE}/`, bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 }, maxResults: 200 };

/** Paths of every null or undefined value in a JSON-like document. */
function nullPaths(value: unknown, path = "$"): string[] {
  if (value === null || value === undefined) return [path];
  if (Array.isArray(value)) return value.flatMap((element, index) => nullPaths(element, `${path}[${index}]`));
  if (typeof value === "object") return Object.entries(value).flatMap(([key, member]) => nullPaths(member, `${path}.${key}`));
  return [];
}

describe("no nulls anywhere (Microsoft Entra rejects them)", () => {
  const documents: [string, unknown][] = [
    ["ServiceProviderConfig", serviceProviderConfig(options)],
    ["ResourceTypes", listResourceTypes(options)],
    ["ResourceTypes/User", getResourceType("User", options)],
    ["ResourceTypes/Group", getResourceType("Group", options)],
    ["Schemas", listSchemas(options)],
    ...[USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA].map((id): [string, unknown] => [`Schemas/${id}`, getSchema(id, options)]),
  ];
  for (const [name, document] of documents) {
    it(name, () => {
      expect(nullPaths(document)).toEqual([]);
      // The JSON the client sees has the same members: nothing was undefined and dropped.
      expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    });
  }

  it("the walker finds nulls and undefined at any depth", () => {
    expect(nullPaths({ a: [1, { b: null }], c: undefined, d: { e: "x" } })).toEqual(["$.a[1].b", "$.c"]);
  });
});

describe("serviceProviderConfig", () => {
  it("describes what Roster supports", () => {
    expect(serviceProviderConfig(options)).toEqual({
      schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [{
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a bearer token in the Authorization header (RFC 6750).",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      }],
      meta: { resourceType: "ServiceProviderConfig", location: `${BASE}/ServiceProviderConfig` },
    });
  });

  it("includes documentationUri only when given", () => {
    expect(serviceProviderConfig({ ...options, documentationUri: "https://docs.example.com" }).documentationUri).toBe("https://docs.example.com");
    expect("documentationUri" in serviceProviderConfig(options)).toBe(false);
  });
});

describe("resource types", () => {
  it("lists both resource types in a ListResponse", () => {
    const list = listResourceTypes(options);
    expect(list).toMatchObject({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 2, startIndex: 1, itemsPerPage: 2 });
    expect(list.Resources.map((resourceType) => resourceType.id)).toEqual(["User", "Group"]);
  });

  it("describes User with its enterprise extension", () => {
    expect(getResourceType("user", options)).toEqual({
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${BASE}/ResourceTypes/User` },
    });
    expect(resourceTypeDocument(GROUP_RESOURCE_TYPE, options).schemaExtensions).toEqual([]);
  });

  it("is a 404 for an unknown id", () => {
    expect(() => getResourceType("Device", options)).toThrow(ScimError);
    expect(() => getResourceType("Device", options)).toThrow(expect.objectContaining({ status: 404, detail: "Resource type 'Device' not found" }));
  });

  it("hands out copies", () => {
    resourceTypeDocument(USER_RESOURCE_TYPE, options).schemaExtensions[0].required = true;
    expect(USER_RESOURCE_TYPE.schemaExtensions[0].required).toBe(false);
  });
});

describe("schemas", () => {
  it("lists the three schemas", () => {
    expect(listSchemas(options).Resources.map((schema) => schema.id)).toEqual([USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  });

  it("renders a schema with every attribute property and its location", () => {
    const document = getSchema(GROUP_SCHEMA.toLowerCase(), options);
    expect(document).toMatchObject({
      schemas: [SCHEMA_SCHEMA],
      id: GROUP_SCHEMA,
      name: "Group",
      description: "Group",
      meta: { resourceType: "Schema", location: `${BASE}/Schemas/${GROUP_SCHEMA}` },
    });
    expect(document.attributes).toEqual(GROUP_SCHEMA_DEFINITION.attributes);
    expect(Object.keys(document.attributes[1])).toEqual(["name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness", "subAttributes"]);
  });

  it("leaves the common attributes out of the User schema (RFC 7643 §8.7.1)", () => {
    const names = getSchema(USER_SCHEMA, options).attributes.map((attribute) => attribute.name);
    expect(names).not.toContain("id");
    expect(names).not.toContain("meta");
    expect(names).toContain("userName");
  });

  it("is a 404 for an unknown URN", () => {
    expect(() => getSchema("urn:x", options)).toThrow(expect.objectContaining({ status: 404, detail: "Schema 'urn:x' not found" }));
  });

  it("hands out deep copies", () => {
    const document = schemaDocument(GROUP_SCHEMA_DEFINITION, options);
    document.attributes[1].subAttributes![3].canonicalValues!.push("Device");
    document.attributes[1].subAttributes![1].referenceTypes!.push("Device");
    expect(GROUP_SCHEMA_DEFINITION.attributes[1].subAttributes![3].canonicalValues).toEqual(["User", "Group"]);
    expect(GROUP_SCHEMA_DEFINITION.attributes[1].subAttributes![1].referenceTypes).toEqual(["User", "Group"]);
  });
});
