// Checks a parsed filter against a resource type's schemas, so that the data layer only sees
// attributes it knows. All failures are ScimError(400, "invalidFilter").
import { ScimError } from "../errors";
import { formatAttributePath } from "../paths";
import { findAttribute, type ResolvedAttribute } from "../schemas/lookup";
import type { ResourceTypeDefinition } from "../schemas/types";
import type { AttributePath, Filter } from "./ast";

const ORDERING = new Set(["gt", "ge", "lt", "le"]);

export function validateFilter(filter: Filter, resourceType: ResourceTypeDefinition, parent?: AttributePath): void {
  switch (filter.op) {
    case "and":
    case "or":
      validateFilter(filter.left, resourceType, parent);
      validateFilter(filter.right, resourceType, parent);
      return;
    case "not":
      validateFilter(filter.filter, resourceType, parent);
      return;
    case "present":
      resolveFilterPath(resourceType, filter.path, parent);
      return;
    case "compare": {
      const { definition } = resolveFilterPath(resourceType, filter.path, parent);
      const comparedType = definition.type === "complex" ? valueType(definition.subAttributes) : definition.type;
      if (!comparedType) throw invalid(`Attribute '${formatAttributePath(filter.path)}' is complex; compare one of its sub-attributes`);
      if (comparedType === "boolean" && ORDERING.has(filter.operator)) {
        throw invalid(`The '${filter.operator}' operator cannot compare the boolean attribute '${formatAttributePath(filter.path)}'`);
      }
      return;
    }
    case "valuePath": {
      const resolved = resolveFilterPath(resourceType, filter.path, parent);
      if (resolved.definition.type !== "complex") {
        throw invalid(`Attribute '${formatAttributePath(filter.path)}' is not complex; it takes no value filter`);
      }
      validateFilter(filter.filter, resourceType, { schema: resolved.schema, attribute: resolved.attribute });
    }
  }
}

// Comparing a complex attribute as a whole compares its "value" sub-attribute.
const valueType = (subAttributes: ResolvedAttribute["definition"]["subAttributes"]) =>
  subAttributes?.find((sub) => sub.name === "value")?.type;

function resolveFilterPath(resourceType: ResourceTypeDefinition, path: AttributePath, parent?: AttributePath): ResolvedAttribute {
  const resolved = findAttribute(resourceType, parent ? { ...parent, subAttribute: path.attribute } : path);
  if (!resolved) throw invalid(`Unknown attribute '${formatAttributePath(path)}'`);
  // Filtering on a never-returned attribute (password) would let clients probe its value.
  if (resolved.definition.returned === "never" || resolved.parent?.returned === "never") {
    throw invalid(`Attribute '${formatAttributePath(path)}' cannot be filtered on`);
  }
  return resolved;
}

const invalid = (detail: string) => new ScimError(400, "invalidFilter", detail);
