// Attribute projection (RFC 7644 §3.4.2.5, §3.9): which attributes a response carries.
// `returned` from the schema decides first: "always" attributes are always there, "never" never,
// "request" only when named in `attributes`; `attributes`/`excludedAttributes` decide the rest.
// Complex values left empty by a projection are dropped rather than returned as {} or [].
import { ScimError } from "./errors";
import { parseAttributePath } from "./filter/attribute-path";
import { findAttribute, findExtension, findExtensionByPath, findSchema, findSubAttribute, sameName } from "./schemas/lookup";
import type { AttributeDefinition, ResourceTypeDefinition } from "./schemas/types";

export interface ProjectionParams {
  attributes?: string[];
  excludedAttributes?: string[];
}

type JsonRecord = Record<string, unknown>;

interface Selection {
  mode: "default" | "include" | "exclude";
  /** Keys (see keyOf) of attributes named whole, and of named sub-attributes. */
  named: Set<string>;
  /** Attributes with at least one named sub-attribute. */
  partlyNamed: Set<string>;
  /** Extension URNs named whole. */
  extensions: Set<string>;
}

const keyOf = (schema: string, attribute: string, subAttribute = "") => `${schema}\n${attribute}\n${subAttribute}`;

/**
 * One rule for both parameters at once: RFC 7644 defines them as alternatives and gives no
 * meaning to the combination, so it is a 400 invalidValue rather than a guess.
 */
function select(resourceType: ResourceTypeDefinition, params: ProjectionParams): Selection {
  const { attributes, excludedAttributes } = params;
  if (attributes?.length && excludedAttributes?.length) {
    throw new ScimError(400, "invalidValue", "Use either 'attributes' or 'excludedAttributes', not both");
  }
  const names = attributes?.length ? attributes : (excludedAttributes ?? []);
  const selection: Selection = {
    mode: attributes?.length ? "include" : names.length ? "exclude" : "default",
    named: new Set(),
    partlyNamed: new Set(),
    extensions: new Set(),
  };
  for (const name of names) {
    const path = parseAttributePath(name, "invalidValue");
    const extension = findExtensionByPath(resourceType, path);
    if (extension) {
      selection.extensions.add(extension);
      continue;
    }
    // Names the schema does not know select nothing (RFC 7644 gives no error for them).
    const resolved = findAttribute(resourceType, path);
    if (!resolved) continue;
    selection.named.add(keyOf(resolved.schema, resolved.attribute, resolved.subAttribute));
    if (resolved.subAttribute) selection.partlyNamed.add(keyOf(resolved.schema, resolved.attribute));
  }
  return selection;
}

type Inclusion = "none" | "whole" | "part";

function includeAttribute(selection: Selection, schema: string, definition: AttributeDefinition): Inclusion {
  if (definition.returned === "never") return "none";
  if (definition.returned === "always") return "whole";
  const key = keyOf(schema, definition.name);
  const namedWhole = selection.named.has(key) || selection.extensions.has(schema);
  switch (selection.mode) {
    case "include":
      return namedWhole ? "whole" : selection.partlyNamed.has(key) ? "part" : "none";
    case "exclude":
      return namedWhole || definition.returned === "request" ? "none" : "whole";
    case "default":
      return definition.returned === "request" ? "none" : "whole";
  }
}

function includeSubAttribute(selection: Selection, schema: string, parent: AttributeDefinition, sub: AttributeDefinition, inclusion: Inclusion): boolean {
  if (sub.returned === "never") return false;
  if (sub.returned === "always") return true;
  const named = selection.named.has(keyOf(schema, parent.name, sub.name));
  if (inclusion === "part") return named;
  if (selection.mode === "exclude" && named) return false;
  return sub.returned !== "request" || named;
}

export function project(resource: JsonRecord, resourceType: ResourceTypeDefinition, params: ProjectionParams = {}): JsonRecord {
  const selection = select(resourceType, params);
  const result: JsonRecord = {};
  for (const [key, value] of Object.entries(resource)) {
    if (sameName(key, "schemas")) {
      result[key] = value; // RFC 7643 §3: always part of a resource
      continue;
    }
    const extension = findExtension(resourceType, key);
    const projected = extension
      ? projectExtension(value, extension, selection)
      : projectTopLevel(value, key, resourceType, selection);
    if (projected !== undefined) result[key] = projected;
  }
  return result;
}

function projectTopLevel(value: unknown, key: string, resourceType: ResourceTypeDefinition, selection: Selection): unknown {
  const resolved = findAttribute(resourceType, { schema: resourceType.schema, attribute: key });
  // Keys no schema defines cannot be named, so only a default or excluding projection keeps them.
  if (!resolved) return selection.mode === "include" ? undefined : value;
  return projectAttribute(value, resolved.schema, resolved.definition, selection);
}

function projectExtension(value: unknown, urn: string, selection: Selection): unknown {
  if (!isRecord(value)) return undefined;
  const schema = findSchema(urn)!;
  const result: JsonRecord = {};
  for (const [key, attributeValue] of Object.entries(value)) {
    const definition = schema.attributes.find((candidate) => sameName(candidate.name, key));
    const projected = definition
      ? projectAttribute(attributeValue, urn, definition, selection)
      : selection.mode === "include" && !selection.extensions.has(urn) ? undefined : attributeValue;
    if (projected !== undefined) result[key] = projected;
  }
  return nonEmpty(result);
}

function projectAttribute(value: unknown, schema: string, definition: AttributeDefinition, selection: Selection): unknown {
  const inclusion = includeAttribute(selection, schema, definition);
  if (inclusion === "none") return undefined;
  if (definition.type !== "complex") return value;
  const projectElement = (element: unknown) =>
    isRecord(element) ? projectComplex(element, schema, definition, selection, inclusion) : element;
  if (!Array.isArray(value)) return projectElement(value);
  const elements = value.map(projectElement).filter((element) => element !== undefined);
  return elements.length > 0 ? elements : undefined;
}

function projectComplex(value: JsonRecord, schema: string, definition: AttributeDefinition, selection: Selection, inclusion: Inclusion): JsonRecord | undefined {
  const result: JsonRecord = {};
  for (const [key, subValue] of Object.entries(value)) {
    const sub = findSubAttribute(definition, key);
    const keep = sub ? includeSubAttribute(selection, schema, definition, sub, inclusion) : inclusion === "whole";
    if (keep) result[key] = subValue;
  }
  return nonEmpty(result);
}

/**
 * Whether a response with these parameters would carry `name` (e.g. "members"), so the data
 * layer can skip loading it: `excludedAttributes=members` or `attributes=displayName`.
 */
export function wantsAttribute(resourceType: ResourceTypeDefinition, params: ProjectionParams, name: string): boolean {
  const selection = select(resourceType, params);
  const path = parseAttributePath(name);
  const extension = findExtensionByPath(resourceType, path);
  if (extension) return findSchema(extension)!.attributes.some((definition) => includeAttribute(selection, extension, definition) !== "none");
  const resolved = findAttribute(resourceType, path);
  if (!resolved) throw new Error(`wantsAttribute: unknown attribute '${name}'`);
  const top = resolved.parent ?? resolved.definition;
  const inclusion = includeAttribute(selection, resolved.schema, top);
  if (inclusion === "none" || !resolved.parent) return inclusion !== "none";
  return includeSubAttribute(selection, resolved.schema, top, resolved.definition, inclusion);
}

const isRecord = (value: unknown): value is JsonRecord => typeof value === "object" && value !== null && !Array.isArray(value);

const nonEmpty = (record: JsonRecord): JsonRecord | undefined => (Object.keys(record).length > 0 ? record : undefined);
