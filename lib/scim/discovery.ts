// RFC 7644 §4 discovery documents, generated from the schema data. No member is ever null:
// optional members are left out instead (Microsoft Entra rejects nulls).
import { ScimError } from "./errors";
import { buildListResponse, type ListResponse } from "./list";
import { findResourceType, findSchema, SCHEMAS } from "./schemas/lookup";
import { RESOURCE_TYPES } from "./schemas/resource-types";
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from "./schemas/types";

export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export interface DiscoveryOptions {
  /** The SCIM base URL, e.g. `https://roster.example.com/scim/v2` (a trailing slash is ignored). */
  baseUrl: string;
}

export interface ServiceProviderOptions extends DiscoveryOptions {
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  /** filter.maxResults: the most resources one list response holds. */
  maxResults: number;
  documentationUri?: string;
}

interface Meta {
  resourceType: string;
  location: string;
}

const location = (options: DiscoveryOptions, ...segments: string[]) =>
  [options.baseUrl.replace(/\/+$/, ""), ...segments].join("/");

export interface ServiceProviderConfigDocument {
  schemas: [typeof SERVICE_PROVIDER_CONFIG_SCHEMA];
  documentationUri?: string;
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: { type: string; name: string; description: string; specUri: string; primary: boolean }[];
  meta: Meta;
}

/** RFC 7643 §5. */
export function serviceProviderConfig(options: ServiceProviderOptions): ServiceProviderConfigDocument {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri !== undefined && { documentationUri: options.documentationUri }),
    patch: { supported: true },
    bulk: { ...options.bulk },
    filter: { supported: true, maxResults: options.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a bearer token in the Authorization header (RFC 6750).",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: location(options, "ServiceProviderConfig") },
  };
}

export interface ResourceTypeDocument {
  schemas: [typeof RESOURCE_TYPE_SCHEMA];
  id: string;
  name: string;
  endpoint: string;
  description: string;
  schema: string;
  schemaExtensions: { schema: string; required: boolean }[];
  meta: Meta;
}

/** RFC 7643 §6. */
export function resourceTypeDocument(resourceType: ResourceTypeDefinition, options: DiscoveryOptions): ResourceTypeDocument {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: resourceType.id,
    name: resourceType.name,
    endpoint: resourceType.endpoint,
    description: resourceType.description,
    schema: resourceType.schema,
    schemaExtensions: resourceType.schemaExtensions.map((extension) => ({ ...extension })),
    meta: { resourceType: "ResourceType", location: location(options, "ResourceTypes", resourceType.id) },
  };
}

export interface SchemaDocument {
  schemas: [typeof SCHEMA_SCHEMA];
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
  meta: Meta;
}

/** RFC 7643 §7. */
export function schemaDocument(schema: SchemaDefinition, options: DiscoveryOptions): SchemaDocument {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(copyAttribute),
    meta: { resourceType: "Schema", location: location(options, "Schemas", schema.id) },
  };
}

// A deep copy, so a caller editing a response cannot change the schema data.
const copyAttribute = (definition: AttributeDefinition): AttributeDefinition => ({
  ...definition,
  ...(definition.canonicalValues && { canonicalValues: [...definition.canonicalValues] }),
  ...(definition.referenceTypes && { referenceTypes: [...definition.referenceTypes] }),
  ...(definition.subAttributes && { subAttributes: definition.subAttributes.map(copyAttribute) }),
});

/** GET /ResourceTypes. */
export const listResourceTypes = (options: DiscoveryOptions): ListResponse<ResourceTypeDocument> =>
  everything(RESOURCE_TYPES.map((resourceType) => resourceTypeDocument(resourceType, options)));

/** GET /ResourceTypes/{id}; 404 for an unknown id. */
export function getResourceType(id: string, options: DiscoveryOptions): ResourceTypeDocument {
  const resourceType = findResourceType(id);
  if (!resourceType) throw new ScimError(404, undefined, `Resource type '${id}' not found`);
  return resourceTypeDocument(resourceType, options);
}

/** GET /Schemas: every schema of the served resource types. */
export const listSchemas = (options: DiscoveryOptions): ListResponse<SchemaDocument> =>
  everything(SCHEMAS.map((schema) => schemaDocument(schema, options)));

/** GET /Schemas/{urn}; 404 for an unknown URN. */
export function getSchema(id: string, options: DiscoveryOptions): SchemaDocument {
  const schema = findSchema(id);
  if (!schema) throw new ScimError(404, undefined, `Schema '${id}' not found`);
  return schemaDocument(schema, options);
}

// Discovery lists are not paged: they always return every document.
const everything = <T>(documents: T[]): ListResponse<T> =>
  buildListResponse(documents, { totalResults: documents.length, startIndex: 1 });
