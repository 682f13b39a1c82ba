// A path-less add/replace carries an object whose keys are themselves targets (RFC 7644
// §3.5.2.1/§3.5.2.3). Besides attribute names, clients use dotted and URN-qualified keys:
// Entra ID sends `{"name.givenName": "A", "urn:…:enterprise:2.0:User:manager": "id"}`.
import { ScimError } from "../errors";
import { isAttributeName, readAttributePath } from "../paths";
import { isPlainObject, type JsonObject } from "../resource/json";
import { findExtension, sameName } from "../schemas/lookup";
import type { ResourceTypeDefinition } from "../schemas/types";
import { isKnownSchema, resolveTarget, type Target } from "./target";

export interface TargetedValue {
  target: Target;
  value: unknown;
}

export function expectObject(value: unknown, what: string): JsonObject {
  if (!isPlainObject(value)) throw new ScimError(400, "invalidValue", `${what} must be a JSON object`);
  return value;
}

/** The targets of a path-less operation's value object, in key order. */
export function pathlessTargets(resourceType: ResourceTypeDefinition, value: unknown): TargetedValue[] {
  const targets: TargetedValue[] = [];
  for (const [key, inner] of Object.entries(expectObject(value, "The value of an operation without a path"))) {
    if (sameName(key, "schemas")) continue; // message metadata, not an attribute
    if (sameName(key, resourceType.schema)) {
      targets.push(...pathlessTargets(resourceType, inner));
      continue;
    }
    const extension = findExtension(resourceType, key);
    if (extension !== undefined) targets.push({ target: { kind: "extension", schema: extension, label: key }, value: inner });
    else if (isUnknownExtensionObject(resourceType, key, inner)) targets.push(...unknownExtensionTargets(key, inner as JsonObject));
    else targets.push({ target: resolveTarget(resourceType, key, "invalidValue"), value: inner });
  }
  return targets;
}

/** The attributes of a known extension given as one object: `{ "employeeNumber": "1", … }`. */
export function extensionTargets(resourceType: ResourceTypeDefinition, schema: string, value: unknown): TargetedValue[] {
  return Object.entries(expectObject(value, `The value of "${schema}"`)).map(([key, inner]) => ({
    target: resolveTarget(resourceType, `${schema}:${key}`, "invalidValue"),
    value: inner,
  }));
}

// `"urn:example:2.0:User": { … }` is a whole extension this server has no schema for, unless the
// key is an attribute path into a known schema (`urn:…:enterprise:2.0:User:manager`: { value }).
function isUnknownExtensionObject(resourceType: ResourceTypeDefinition, key: string, value: unknown): boolean {
  if (!key.toLowerCase().startsWith("urn:") || !isPlainObject(value)) return false;
  const schema = readAttributePath(key)?.schema;
  return schema === undefined || !isKnownSchema(resourceType, schema);
}

function unknownExtensionTargets(schema: string, value: JsonObject): TargetedValue[] {
  return Object.entries(value).map(([attribute, inner]) => {
    if (!isAttributeName(attribute)) throw new ScimError(400, "invalidValue", `"${schema}": "${attribute}" is not a valid attribute name`);
    return { target: { kind: "unknownExtension", schema, attribute, label: `${schema}:${attribute}` }, value: inner };
  });
}
