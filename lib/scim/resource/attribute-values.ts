// zod schemas built from RFC 7643 attribute definitions, so validation follows the schema data
// instead of hand-written per-attribute rules. Used for POST/PUT bodies and PATCH values alike.
import { z } from "zod";
import { GROUP_SCHEMA_DEFINITION } from "../schemas/group";
import { findSubAttribute } from "../schemas/lookup";
import type { AttributeDefinition } from "../schemas/types";
import { isPlainObject, type JsonObject } from "./json";
import { scimErrorFromZod } from "./zod-detail";
import type { ScimError } from "../errors";

/**
 * canonicalValues are advisory for most attributes (IdPs send their own email or phone `type`
 * labels, and those are kept as sent). They are enforced, case-insensitively and normalized to
 * the canonical spelling, only where the server acts on the value: a Group member's `type`.
 */
const STRICT_CANONICAL_VALUES = new Set<AttributeDefinition>([groupMemberType()]);

/**
 * A Group member in input is a reference: read by `value` (and `type` where given). Clients send
 * more — `display`, `displayName` (Microsoft's reference client), `$ref`, vendor keys — which
 * Roster neither stores nor echoes (it derives them from the member), so they are dropped
 * unvalidated instead of failing the request.
 */
const REFERENCE_KEYS = new Map<AttributeDefinition, readonly string[]>([[groupMembers(), ["value", "type"]]]);

function groupMembers(): AttributeDefinition {
  return GROUP_SCHEMA_DEFINITION.attributes.find((definition) => definition.name === "members")!;
}

function groupMemberType(): AttributeDefinition {
  return findSubAttribute(groupMembers(), "type")!;
}

const valueCache = new WeakMap<AttributeDefinition, z.ZodType>();
const itemCache = new WeakMap<AttributeDefinition, z.ZodType>();

/** A single (not multi-valued) value of `definition`, e.g. one element of `emails`. */
export function attributeItemSchema(definition: AttributeDefinition): z.ZodType {
  let schema = itemCache.get(definition);
  if (!schema) {
    schema = singleValueSchema(definition);
    itemCache.set(definition, schema);
  }
  return schema;
}

/** Validates and normalizes a value of `definition`: the whole array when it is multi-valued. */
export function attributeValueSchema(definition: AttributeDefinition): z.ZodType {
  if (!definition.multiValued) return attributeItemSchema(definition);
  let schema = valueCache.get(definition);
  if (!schema) {
    // One value where an array is expected is taken as a one-element array.
    schema = z.preprocess((input) => (Array.isArray(input) ? input : [input]), z.array(attributeItemSchema(definition)));
    valueCache.set(definition, schema);
  }
  return schema;
}

/** Parses a value or throws ScimError 400 invalidValue naming the attribute (`emails[0].type: …`). */
export function parseAttributeValue(schema: z.ZodType, input: unknown, attributeName: string): unknown {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidValue(parsed.error, attributeName);
  return parsed.data;
}

const invalidValue = (error: z.ZodError, attributeName: string): ScimError =>
  scimErrorFromZod(error, "invalidValue", "Invalid attribute value", attributeName);

function singleValueSchema(definition: AttributeDefinition): z.ZodType {
  switch (definition.type) {
    case "boolean":
      return booleanSchema;
    case "integer":
      return z.number().int();
    case "decimal":
      return z.number();
    case "dateTime":
      return z.string().refine((text) => !Number.isNaN(Date.parse(text)), "must be an xsd:dateTime");
    case "complex":
      return complexSchema(definition);
    default: // string, reference, binary
      return definition.canonicalValues && STRICT_CANONICAL_VALUES.has(definition)
        ? strictCanonicalSchema(definition.canonicalValues)
        : z.string();
  }
}

// Entra ID and others send booleans as strings ("True", "False").
const booleanSchema = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, "must be a boolean")
    .transform((text) => text.toLowerCase() === "true"),
], { error: "must be a boolean" });

const strictCanonicalSchema = (canonicalValues: string[]) =>
  z.string().transform((text, context) => {
    const canonical = canonicalValues.find((value) => value.toLowerCase() === text.toLowerCase());
    if (canonical === undefined) {
      context.addIssue({ code: "custom", message: `must be one of ${canonicalValues.join(", ")}` });
      return z.NEVER;
    }
    return canonical;
  });

function complexSchema(definition: AttributeDefinition): z.ZodType {
  const referenceKeys = REFERENCE_KEYS.get(definition);
  // complex() always sets subAttributes; a reference keeps only the keys it is read by.
  const subAttributes = definition.subAttributes!.filter((sub) => !referenceKeys || referenceKeys.includes(sub.name));
  const shape: Record<string, z.ZodType> = {};
  for (const sub of subAttributes) {
    if (sub.mutability === "readOnly") continue;
    shape[sub.name] = singleValueSchema(sub).optional();
  }
  const hasValue = subAttributes.some((sub) => sub.name === "value");
  return z.preprocess((input) => {
    // A bare value for a complex attribute with a `value` sub-attribute: manager "id" → { value: "id" }.
    if (hasValue && (typeof input === "string" || typeof input === "number" || typeof input === "boolean")) {
      return { value: input };
    }
    return isPlainObject(input) ? normalizeComplex(input, subAttributes, referenceKeys !== undefined) : input;
  }, z.strictObject(shape));
}

/**
 * Canonical sub-attribute names; null members dropped (null means unassigned, RFC 7643 §2.5, so
 * `$ref: null` is no value); readOnly sub-attributes dropped (clients may echo them, RFC 7644 §3.5.1).
 * Unknown keys are kept for the strict object to reject by name, except in a reference (`dropUnknown`).
 */
function normalizeComplex(input: JsonObject, subAttributes: AttributeDefinition[], dropUnknown: boolean): JsonObject {
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value === null) continue;
    const sub = subAttributes.find((candidate) => candidate.name.toLowerCase() === key.toLowerCase());
    if (sub?.mutability === "readOnly" || (dropUnknown && !sub)) continue;
    entries.push([sub?.name ?? key, value]);
  }
  return Object.fromEntries(entries);
}
