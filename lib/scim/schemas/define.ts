// Builders for attribute definitions. Defaults follow RFC 7643 §2.2 ("unless otherwise stated"):
// single-valued, optional, case-insensitive, readWrite, returned by default, not unique.
import type { AttributeDefinition, AttributeType } from "./types";

type AttributeOptions = Partial<Omit<AttributeDefinition, "name" | "type" | "description">>;

export function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  // Key order is the order discovery documents print them in.
  const definition: AttributeDefinition = {
    name,
    type,
    multiValued: options.multiValued ?? false,
    description,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? "readWrite",
    returned: options.returned ?? "default",
    uniqueness: options.uniqueness ?? "none",
  };
  if (options.canonicalValues) definition.canonicalValues = options.canonicalValues;
  if (options.referenceTypes) definition.referenceTypes = options.referenceTypes;
  if (options.subAttributes) definition.subAttributes = options.subAttributes;
  return definition;
}

/** A complex attribute; sub-attributes inherit nothing, RFC 7643 defines each on its own. */
export function complex(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return attribute(name, "complex", description, { ...options, subAttributes });
}

/**
 * The value/display/type/primary shape shared by emails, phoneNumbers, ims, photos,
 * entitlements, roles and x509Certificates (RFC 7643 §2.4).
 */
export function multiValuedComplex(
  name: string,
  description: string,
  value: AttributeDefinition,
  typeCanonicalValues?: string[],
): AttributeDefinition {
  const typeOptions = typeCanonicalValues ? { canonicalValues: typeCanonicalValues } : {};
  return complex(
    name,
    description,
    [
      value,
      attribute("display", "string", "A human-readable name, primarily used for display purposes."),
      attribute("type", "string", "A label indicating the attribute's function, e.g., 'work' or 'home'.", typeOptions),
      attribute("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. The primary attribute value 'true' MUST appear no more than once."),
    ],
    { multiValued: true },
  );
}
