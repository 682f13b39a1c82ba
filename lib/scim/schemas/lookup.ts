// Case-insensitive resolution of attribute paths against schema data (RFC 7643 §2.1: attribute
// names and schema URNs are case-insensitive). Consumers take canonical names and case rules
// (caseExact), types and mutability from the result.
import type { AttributePath } from "../filter/ast";
import { COMMON_ATTRIBUTES } from "./common";
import { ENTERPRISE_USER_SCHEMA_DEFINITION } from "./enterprise-user";
import { GROUP_SCHEMA_DEFINITION } from "./group";
import { RESOURCE_TYPES } from "./resource-types";
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from "./types";
import { USER_SCHEMA_DEFINITION } from "./user";

export const SCHEMAS: readonly SchemaDefinition[] = [
  USER_SCHEMA_DEFINITION,
  GROUP_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
];

export interface ResolvedAttribute {
  /** Canonical URN of the schema holding the attribute; the core schema for id/externalId/meta. */
  schema: string;
  /** Canonical top-level attribute name. */
  attribute: string;
  /** Canonical sub-attribute name, when the path names one. */
  subAttribute?: string;
  /** Definition of what the path names: the sub-attribute's when there is one. */
  definition: AttributeDefinition;
  /** The top-level attribute's definition, set when `subAttribute` is. */
  parent?: AttributeDefinition;
  /** True for extension attributes, whose values live under `resource[schema]`. */
  extension: boolean;
  /** True for the common attributes id, externalId and meta (RFC 7643 §3.1). */
  common: boolean;
}

export const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

const byName = (definitions: readonly AttributeDefinition[] | undefined, name: string) =>
  definitions?.find((definition) => sameName(definition.name, name));

export const findSchema = (id: string): SchemaDefinition | undefined => SCHEMAS.find((schema) => sameName(schema.id, id));

export const findResourceType = (id: string): ResourceTypeDefinition | undefined =>
  RESOURCE_TYPES.find((resourceType) => sameName(resourceType.id, id));

/** The canonical URN when `urn` names one of the resource type's extensions. */
export const findExtension = (resourceType: ResourceTypeDefinition, urn: string): string | undefined =>
  resourceType.schemaExtensions.find((extension) => sameName(extension.schema, urn))?.schema;

/**
 * The canonical extension URN when the whole path spells one (e.g. `attributes=urn:…:enterprise:2.0:User`
 * or a PATCH path naming the extension): path syntax splits a bare URN at its last colon.
 */
export function findExtensionByPath(resourceType: ResourceTypeDefinition, path: AttributePath): string | undefined {
  if (!path.schema || path.subAttribute !== undefined) return undefined;
  return findExtension(resourceType, `${path.schema}:${path.attribute}`);
}

/** The core schema followed by the extension schemas of a resource type. */
export function schemasOf(resourceType: ResourceTypeDefinition): SchemaDefinition[] {
  const ids = [resourceType.schema, ...resourceType.schemaExtensions.map((extension) => extension.schema)];
  return ids.map((id) => findSchema(id)).filter((schema): schema is SchemaDefinition => schema !== undefined);
}

interface TopLevel {
  schema: string;
  definition: AttributeDefinition;
  extension: boolean;
  common: boolean;
}

function findTopLevel(resourceType: ResourceTypeDefinition, path: AttributePath): TopLevel | undefined {
  const [core, ...extensions] = schemasOf(resourceType);
  const inCore = (): TopLevel | undefined => {
    const common = byName(COMMON_ATTRIBUTES, path.attribute);
    if (common) return { schema: core.id, definition: common, extension: false, common: true };
    const definition = byName(core.attributes, path.attribute);
    return definition && { schema: core.id, definition, extension: false, common: false };
  };
  const inExtension = (schema: SchemaDefinition): TopLevel | undefined => {
    const definition = byName(schema.attributes, path.attribute);
    return definition && { schema: schema.id, definition, extension: true, common: false };
  };

  if (path.schema === undefined) {
    // RFC 7644 §3.10: clients SHOULD, not MUST, qualify extension attributes; accept unqualified
    // names that only an extension defines.
    return inCore() ?? extensions.map(inExtension).find(Boolean);
  }
  if (sameName(path.schema, core.id)) return inCore();
  const extension = extensions.find((schema) => sameName(schema.id, path.schema!));
  return extension && inExtension(extension);
}

export function findAttribute(resourceType: ResourceTypeDefinition, path: AttributePath): ResolvedAttribute | undefined {
  const top = findTopLevel(resourceType, path);
  if (!top) return undefined;
  const base = { schema: top.schema, attribute: top.definition.name, extension: top.extension, common: top.common };
  if (path.subAttribute === undefined) return { ...base, definition: top.definition };
  const sub = byName(top.definition.subAttributes, path.subAttribute);
  return sub && { ...base, subAttribute: sub.name, definition: sub, parent: top.definition };
}

/** The canonical spelling of a resolved path, URN-qualified. */
export const canonicalPath = ({ schema, attribute, subAttribute }: ResolvedAttribute): AttributePath =>
  subAttribute === undefined ? { schema, attribute } : { schema, attribute, subAttribute };

/** A sub-attribute of a complex attribute, by case-insensitive name. */
export const findSubAttribute = (parent: AttributeDefinition, name: string): AttributeDefinition | undefined =>
  byName(parent.subAttributes, name);
