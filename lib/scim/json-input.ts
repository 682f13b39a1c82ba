// Edge checks on a SCIM request's JSON before anything interprets it (issue 17): nesting depth,
// characters PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates, in values and in keys),
// and string lengths. Each refusal is a 400 that names where the bad value is, never echoing it.
import { ScimError } from "./errors";

/** Deeper than any SCIM document needs (a bulk PATCH of a complex value is about 7 levels). */
export const MAX_JSON_DEPTH = 64;

export interface StringLimits {
  /** Longest string anywhere in the document (SCIM_MAX_STRING_LENGTH). */
  maxLength: number;
  /** Longest value of an attribute the database indexes: userName, externalId, displayName, givenName, familyName (SCIM_MAX_NAME_LENGTH). */
  maxNameLength: number;
}

/** Attributes held in btree indexes (2,704 bytes per entry at most): lower-cased names. */
const NAME_ATTRIBUTES = new Set(["username", "externalid", "displayname", "givenname", "familyname"]);

/**
 * 400 invalidSyntax when JSON text nests objects/arrays deeper than `maxDepth`. Counted on the
 * text, before JSON.parse, in one loop: a body of 500,000 `[` must not reach any recursive code.
 */
export function checkJsonDepth(text: string, maxDepth = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new ScimError(400, "invalidSyntax", `The request body is nested deeper than ${maxDepth} levels.`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

// NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why PostgreSQL could not store `text` (text and jsonb alike), or undefined when it can. */
export function unstorableCharacter(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  return found[0] === "\u0000" ? "must not contain NUL characters (U+0000)" : "must not contain unpaired UTF-16 surrogates";
}

/**
 * A copy of `text` any database can store and a log can show: unstorable characters become
 * U+FFFD, and at most `maxLength` characters are kept (for the audit of a refused request).
 */
export function storableText(text: string, maxLength = 200): string {
  const short = text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
  return short.replace(new RegExp(UNSTORABLE.source, "g"), "\ufffd");
}

/**
 * 400 invalidValue for the first string (value or member name) that PostgreSQL cannot store or
 * that is longer than the limits, naming where it is: `emails[0].value`, or for a PATCH
 * operation's value the attribute its `path` names (`Operations[0].value (nickName)`).
 */
export function checkJsonStrings(value: unknown, limits: StringLimits): void {
  walk(value, "", undefined, limits);
}

function walk(value: unknown, where: string, attribute: string | undefined, limits: StringLimits): void {
  if (typeof value === "string") return checkString(value, where, attribute, limits);
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${where}[${index}]`, attribute, limits));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const object = value as Record<string, unknown>;
  const operationPath = patchOperationPath(object);
  for (const [key, inner] of Object.entries(object)) {
    const at = where ? `${where}.${key}` : key;
    const problem = unstorableCharacter(key);
    if (problem) throw new ScimError(400, "invalidValue", `Invalid attribute name at '${where || "(top level)"}': it ${problem}.`);
    if (key.length > limits.maxLength) throw new ScimError(400, "invalidValue", `An attribute name at '${where || "(top level)"}' is longer than ${limits.maxLength} characters.`);
    // A PATCH operation's value belongs to the attribute its path names.
    if (operationPath !== undefined && key.toLowerCase() === "value") walk(inner, `${at} (${operationPath})`, lastName(operationPath), limits);
    else walk(inner, at, key, limits);
  }
}

function checkString(text: string, where: string, attribute: string | undefined, limits: StringLimits): void {
  const problem = unstorableCharacter(text);
  const label = where || "value";
  if (problem) throw new ScimError(400, "invalidValue", `Invalid value for '${label}': it ${problem}.`);
  if (attribute !== undefined && NAME_ATTRIBUTES.has(attribute.toLowerCase()) && text.length > limits.maxNameLength) {
    throw new ScimError(400, "invalidValue", `'${label}' is longer than ${limits.maxNameLength} characters (SCIM_MAX_NAME_LENGTH).`);
  }
  if (text.length > limits.maxLength) {
    throw new ScimError(400, "invalidValue", `'${label}' is longer than ${limits.maxLength} characters (SCIM_MAX_STRING_LENGTH).`);
  }
}

/** The `path` of an object shaped like a PATCH operation ({op, path, value}), if it has a usable one. */
function patchOperationPath(object: Record<string, unknown>): string | undefined {
  let path: unknown;
  let hasOp = false;
  for (const [key, inner] of Object.entries(object)) {
    const lower = key.toLowerCase();
    if (lower === "path") path = inner;
    else if (lower === "op") hasOp = true;
  }
  return hasOp && typeof path === "string" && path.length <= 200 && !unstorableCharacter(path) ? path : undefined;
}

/** The attribute a PATCH path ends on: `name.familyName` → familyName, `emails[type eq "work"].value` → value. */
function lastName(path: string): string {
  const withoutFilters = path.replace(/\[[^\]]*\]/g, "");
  const parts = withoutFilters.split(/[.:]/);
  return parts[parts.length - 1];
}
