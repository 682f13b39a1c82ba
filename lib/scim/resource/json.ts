// Small JSON helpers shared by the write side (resource parsing, PATCH, Bulk).

export type JsonObject = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * SCIM attribute and message member names are case-insensitive (RFC 7643 §2.1), so `operations`
 * or `OP` must be read like `Operations` and `op`. Keys matching `names` are renamed to the given
 * spelling; every other key is kept as sent. Built with fromEntries so a `__proto__` key stays an
 * own property instead of replacing the prototype.
 */
export function canonicalizeKeys(input: JsonObject, names: readonly string[]): JsonObject {
  const byLowerCase = new Map(names.map((name) => [name.toLowerCase(), name]));
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [byLowerCase.get(key.toLowerCase()) ?? key, value]));
}

/** zod preprocess step: canonicalize keys when the input is an object, leave anything else for zod to reject. */
export const withCanonicalKeys = (names: readonly string[]) => (input: unknown) =>
  isPlainObject(input) ? canonicalizeKeys(input, names) : input;

/** The key of `record` naming `name` case-insensitively, preferring an exact match. */
export function findKey(record: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(record, name)) return name;
  return Object.keys(record).find((key) => key.toLowerCase() === name.toLowerCase());
}

/** Structural equality of JSON values. */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => deepEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
  }
  return false;
}
