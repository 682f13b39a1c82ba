// Resolves a PATCH path (or a key of a path-less value object) to what it designates in a
// resource: a schema attribute, a whole extension, or an attribute of an extension this server
// has no schema for (kept as sent rather than rejected, so nothing a client sent is lost).
import { ScimError, type ScimType } from "../errors";
import type { Filter } from "../filter/ast";
import { parsePatchPath } from "../filter/patch-path";
import { findAttribute, findExtension, findExtensionByPath, findSubAttribute, sameName } from "../schemas/lookup";
import type { AttributeDefinition, ResourceTypeDefinition } from "../schemas/types";

export interface AttributeTarget {
  kind: "attribute";
  /** Canonical schema URN; the core schema for core and common attributes. */
  schema: string;
  extension: boolean;
  common: boolean;
  /** The top-level attribute. */
  attribute: AttributeDefinition;
  /** `givenName` of `name.givenName`, `value` of `emails[type eq "work"].value`. */
  subAttribute?: AttributeDefinition;
  /** The value filter of `emails[type eq "work"]`. */
  filter?: Filter;
  /** The path as the client wrote it, for error messages. */
  label: string;
}

/** A path naming a whole extension, e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`. */
export interface ExtensionTarget {
  kind: "extension";
  schema: string;
  label: string;
}

/** An attribute of a schema the resource type does not declare: stored and removed as sent. */
export interface UnknownExtensionTarget {
  kind: "unknownExtension";
  schema: string;
  attribute: string;
  subAttribute?: string;
  label: string;
}

export type Target = AttributeTarget | ExtensionTarget | UnknownExtensionTarget;

export const isKnownSchema = (resourceType: ResourceTypeDefinition, urn: string): boolean =>
  sameName(resourceType.schema, urn) || findExtension(resourceType, urn) !== undefined;

/**
 * `unknownAttributeError` is the scimType for a well-formed path naming no attribute of a known
 * schema: invalidPath for an operation's `path`, invalidValue for a key of a path-less value.
 */
export function resolveTarget(resourceType: ResourceTypeDefinition, text: string, unknownAttributeError: ScimType): Target {
  const { path, filter, subAttribute: afterFilter } = parsePatchPath(text);
  const extension = findExtensionByPath(resourceType, path);
  if (extension !== undefined) {
    if (filter) throw new ScimError(400, "invalidPath", `"${text}": a schema URN takes no value filter`);
    return { kind: "extension", schema: extension, label: text };
  }
  if (path.schema !== undefined && sameName(`${path.schema}:${path.attribute}`, resourceType.schema)) {
    throw new ScimError(400, "invalidPath", `"${text}": the core schema is not an attribute`);
  }
  const subAttribute = path.subAttribute ?? afterFilter;
  if (path.schema !== undefined && !isKnownSchema(resourceType, path.schema)) {
    if (filter) throw new ScimError(400, "invalidPath", `"${text}": value filters are not supported on attributes of unknown schemas`);
    return { kind: "unknownExtension", schema: path.schema, attribute: path.attribute, ...(subAttribute && { subAttribute }), label: text };
  }
  const resolved = findAttribute(resourceType, { ...path, subAttribute });
  if (!resolved) throw new ScimError(400, unknownAttributeError, `"${text}" is not an attribute of ${resourceType.name}`);
  const attribute = resolved.parent ?? resolved.definition;
  if (filter) {
    if (!attribute.multiValued) throw new ScimError(400, "invalidPath", `"${text}": a value filter needs a multi-valued attribute`);
    checkFilterPaths(filter, attribute, text);
  }
  return {
    kind: "attribute",
    schema: resolved.schema,
    extension: resolved.extension,
    common: resolved.common,
    attribute,
    ...(resolved.parent && { subAttribute: resolved.definition }),
    ...(filter && { filter }),
    label: text,
  };
}

/** Value-filter paths name sub-attributes of the filtered attribute; anything else is an invalid path. */
function checkFilterPaths(filter: Filter, attribute: AttributeDefinition, text: string): void {
  switch (filter.op) {
    case "and":
    case "or":
      checkFilterPaths(filter.left, attribute, text);
      return checkFilterPaths(filter.right, attribute, text);
    case "not":
      return checkFilterPaths(filter.filter, attribute, text);
    default:
      if (!findSubAttribute(attribute, filter.path.attribute)) {
        throw new ScimError(400, "invalidPath", `"${text}": "${filter.path.attribute}" is not a sub-attribute of ${attribute.name}`);
      }
  }
}
