// Value-level rules shared by the PATCH operations: coercion through the schema-built zod
// types, "already contains" comparison, immutability, `primary` exclusivity and building a new
// multi-valued element from an equality filter.
import { ScimError } from "../errors";
import type { Filter } from "../filter/ast";
import { attributeItemSchema, attributeValueSchema, parseAttributeValue } from "../resource/attribute-values";
import { deepEqual, isPlainObject, type JsonObject } from "../resource/json";
import { findSubAttribute } from "../schemas/lookup";
import type { AttributeDefinition } from "../schemas/types";

/** The whole value of `definition` (an array when multi-valued), validated and normalized. */
export const coerceValue = (definition: AttributeDefinition, value: unknown, label: string): unknown =>
  parseAttributeValue(attributeValueSchema(definition), value, label);

/** One element of a multi-valued attribute, or one value of a single-valued one. */
export const coerceItem = (definition: AttributeDefinition, value: unknown, label: string): unknown =>
  parseAttributeValue(attributeItemSchema(definition), value, label);

/** One complex element; a JSON array holding exactly one element is taken as that element. */
export function coerceElement(definition: AttributeDefinition, value: unknown, label: string): JsonObject {
  const single = Array.isArray(value) && value.length === 1 ? value[0] : value;
  return coerceItem(definition, single, label) as JsonObject;
}

function sameScalar(left: unknown, right: unknown, definition: AttributeDefinition): boolean {
  if (typeof left === "string" && typeof right === "string" && !definition.caseExact) {
    return left.toLowerCase() === right.toLowerCase();
  }
  return deepEqual(left, right);
}

/**
 * RFC 7644 §3.5.2.1: adding a value the attribute already contains changes nothing. An element
 * contains a candidate when every sub-attribute the candidate sets is equal (case rules from the schema).
 */
export function containsValue(existing: unknown, candidate: unknown, definition: AttributeDefinition): boolean {
  if (definition.type !== "complex") return sameScalar(existing, candidate, definition);
  if (!isPlainObject(existing) || !isPlainObject(candidate)) return false;
  return Object.entries(candidate).every(([key, value]) => sameScalar(existing[key], value, findSubAttribute(definition, key)!));
}

/** RFC 7643 §2.2: an immutable value, once set, must not change. */
export function assertMutable(definition: AttributeDefinition, existing: unknown, next: unknown, label: string): void {
  if (definition.mutability === "immutable" && existing !== undefined && !deepEqual(existing, next)) {
    throw new ScimError(400, "mutability", `"${label}": ${definition.name} is immutable`);
  }
}

/** Merges sub-attributes into an existing element in place; immutable sub-attributes may not change. */
export function mergeInto(element: JsonObject, update: JsonObject, definition: AttributeDefinition, label: string): void {
  for (const [key, value] of Object.entries(update)) {
    assertMutable(findSubAttribute(definition, key)!, element[key], value, label);
    element[key] = value;
  }
}

/**
 * RFC 7643 §2.4: `primary: true` may appear on one value only. A value the operation wrote as
 * primary wins and the flag is dropped from the others; two written primaries are an error.
 */
export function settlePrimary(list: unknown[], written: unknown[], label: string): void {
  const primaries = written.filter((element) => isPlainObject(element) && element.primary === true);
  if (primaries.length > 1) throw new ScimError(400, "invalidValue", `"${label}": more than one value is marked primary`);
  if (primaries.length === 0) return;
  for (const element of list) {
    if (element !== primaries[0] && isPlainObject(element) && element.primary === true) delete element.primary;
  }
}

/**
 * The sub-attribute values an equality filter pins down: `type eq "work" and primary eq true`
 * → `{ type: "work", primary: true }`. Undefined when the filter does not determine a value.
 */
export function valuesFromFilter(filter: Filter, definition: AttributeDefinition): JsonObject | undefined {
  if (filter.op === "compare") {
    if (filter.operator !== "eq" || filter.value === null) return undefined;
    return { [findSubAttribute(definition, filter.path.attribute)!.name]: filter.value };
  }
  if (filter.op !== "and") return undefined;
  const left = valuesFromFilter(filter.left, definition);
  const right = valuesFromFilter(filter.right, definition);
  if (!left || !right) return undefined;
  const conflict = Object.keys(right).some((key) => key in left && !deepEqual(left[key], right[key]));
  return conflict ? undefined : { ...left, ...right };
}
