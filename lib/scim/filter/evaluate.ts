// In-memory filter evaluation (RFC 7644 §3.4.2.2) over JSON-shaped resources, or over one
// element of a multi-valued attribute for PATCH value paths such as `emails[type eq "work"]`.
import type { AttributeDefinition, ResourceTypeDefinition } from "../schemas/types";
import { canonicalPath, findAttribute, sameName, type ResolvedAttribute } from "../schemas/lookup";
import type { AttributePath, CompareOperator, Filter } from "./ast";

export interface FilterContext {
  /** Supplies case rules (caseExact) and types; without it strings compare case-insensitively. */
  resourceType?: ResourceTypeDefinition;
  /**
   * Set when the value being matched is one element of this multi-valued attribute
   * (e.g. `{ attribute: "emails" }`); filter paths then name its sub-attributes.
   */
  parent?: AttributePath;
}

type JsonRecord = Record<string, unknown>;

export function matchesFilter(value: JsonRecord, filter: Filter, context: FilterContext = {}): boolean {
  switch (filter.op) {
    case "and":
      return matchesFilter(value, filter.left, context) && matchesFilter(value, filter.right, context);
    case "or":
      return matchesFilter(value, filter.left, context) || matchesFilter(value, filter.right, context);
    case "not":
      return !matchesFilter(value, filter.filter, context);
    case "present":
      return lookup(value, filter.path, context, false).values.some(isPresent);
    case "compare": {
      const { operator, value: expected } = filter;
      // `eq null` asks for absence, `ne null` for presence; no other operator accepts null.
      if (expected === null) return lookup(value, filter.path, context, false).values.some(isPresent) === (operator === "ne");
      return matchesComparison(lookup(value, filter.path, context), operator, expected, context.parent !== undefined);
    }
    case "valuePath": {
      const { values, canonical } = lookup(value, filter.path, context, false);
      const elementContext = { resourceType: context.resourceType, parent: canonical };
      return values.some((element) => isRecord(element) && matchesFilter(element, filter.filter, elementContext));
    }
  }
}

interface Lookup {
  values: unknown[];
  definition?: AttributeDefinition;
  canonical: AttributePath;
}

function lookup(record: JsonRecord, path: AttributePath, context: FilterContext, unwrapComplex = true): Lookup {
  const resolved = context.resourceType && resolve(context.resourceType, path, context.parent);
  const canonical = resolved ? canonicalPath(resolved) : path;
  let values = toArray(getIgnoringCase(containerOf(record, path, resolved), canonical.attribute));
  if (path.subAttribute !== undefined) {
    values = values.flatMap((element) => (isRecord(element) ? toArray(getIgnoringCase(element, path.subAttribute!)) : []));
  } else if (unwrapComplex) {
    // A complex attribute compared as a whole compares its "value" (e.g. `emails co "@example.com"`).
    values = values.map((element) => (isRecord(element) ? getIgnoringCase(element, "value") : element));
  }
  return { values, definition: resolved?.definition, canonical };
}

// Extension attributes live under their schema URN; core ones may be URN-qualified too.
function containerOf(record: JsonRecord, path: AttributePath, resolved: ResolvedAttribute | undefined): JsonRecord {
  if (resolved) return resolved.extension ? (asRecord(getIgnoringCase(record, resolved.schema)) ?? {}) : record;
  return (path.schema !== undefined && asRecord(getIgnoringCase(record, path.schema))) || record;
}

function resolve(resourceType: ResourceTypeDefinition, path: AttributePath, parent: AttributePath | undefined): ResolvedAttribute | undefined {
  if (!parent) return findAttribute(resourceType, path);
  const resolved = findAttribute(resourceType, { ...parent, subAttribute: path.attribute });
  // Report the element-relative path so lookups stay inside the element.
  return resolved && { ...resolved, attribute: resolved.subAttribute!, subAttribute: undefined, extension: false };
}

/** `inValuePath`: the filter selects elements of a multi-valued attribute (`roles[primary eq "True"]`). */
function matchesComparison({ values, definition }: Lookup, operator: CompareOperator, expected: string | number | boolean, inValuePath: boolean): boolean {
  if (operator === "ne") return !values.some((actual) => compare(actual, "eq", expected, inValuePath, definition));
  return values.some((actual) => compare(actual, operator, expected, inValuePath, definition));
}

function compare(actual: unknown, operator: CompareOperator, expected: string | number | boolean, inValuePath: boolean, definition?: AttributeDefinition): boolean {
  if (actual instanceof Date) actual = actual.toISOString();
  if (typeof actual === "string" && typeof expected !== "boolean") {
    return compareStrings(actual, operator, String(expected), definition);
  }
  if (typeof actual === "number" && typeof expected === "number") return order(actual, expected, operator);
  if (typeof actual === "boolean" && typeof expected === "boolean") return operator === "eq" && actual === expected;
  // Microsoft Entra quotes booleans in value paths (`roles[primary eq "True"].value`): there, a
  // quoted true/false (any case) compared with a boolean attribute means the boolean. Top-level
  // filters stay strict (`active eq "true"` matches nothing).
  if (inValuePath && typeof actual === "boolean" && typeof expected === "string" && /^(true|false)$/i.test(expected)) {
    return operator === "eq" && actual === (expected.toLowerCase() === "true");
  }
  return false;
}

function compareStrings(actual: string, operator: CompareOperator, expected: string, definition?: AttributeDefinition): boolean {
  if (definition?.type === "dateTime" && !["co", "sw", "ew"].includes(operator)) {
    const [left, right] = [Date.parse(actual), Date.parse(expected)];
    if (!Number.isNaN(left) && !Number.isNaN(right)) return order(left, right, operator);
  }
  const fold = (text: string) => (definition?.caseExact ? text : text.toLowerCase());
  const [left, right] = [fold(actual), fold(expected)];
  if (operator === "co") return left.includes(right);
  if (operator === "sw") return left.startsWith(right);
  if (operator === "ew") return left.endsWith(right);
  return order(left, right, operator);
}

function order<T extends string | number>(left: T, right: T, operator: CompareOperator): boolean {
  switch (operator) {
    case "eq":
      return left === right;
    case "gt":
      return left > right;
    case "ge":
      return left >= right;
    case "lt":
      return left < right;
    case "le":
      return left <= right;
    default:
      return false; // substring operators on numbers
  }
}

// RFC 7644 §3.4.2.2 "pr": a non-empty value, or a complex value with a non-empty node.
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.some(isPresent);
  if (isRecord(value)) return Object.values(value).some(isPresent);
  return true;
}

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

const asRecord = (value: unknown): JsonRecord | undefined => (isRecord(value) ? value : undefined);

const toArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Attribute names are case-insensitive; prefer an exact key, then any spelling. */
export function getIgnoringCase(record: JsonRecord, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const key = Object.keys(record).find((candidate) => sameName(candidate, name));
  return key === undefined ? undefined : record[key];
}
