// RFC 7643 §4.2 and §8.7.1: the core Group schema.
import { attribute, complex } from "./define";
import { GROUP_SCHEMA, type SchemaDefinition } from "./types";

// A membership entry is set when it is added and never edited in place (RFC 7643 §8.7.1).
const immutable = { mutability: "immutable" } as const;

export const GROUP_SCHEMA_DEFINITION: SchemaDefinition = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    attribute("displayName", "string", "A human-readable name for the Group. REQUIRED.", { required: true }),
    complex(
      "members",
      "A list of members of the Group.",
      [
        attribute("value", "string", "Identifier of the member of this Group.", immutable),
        attribute("$ref", "reference", "The URI corresponding to a SCIM resource that is a member of this Group.", { ...immutable, referenceTypes: ["User", "Group"] }),
        attribute("display", "string", "A human-readable name, primarily used for display purposes.", immutable),
        attribute("type", "string", "A label indicating the type of resource, e.g., 'User' or 'Group'.", { ...immutable, canonicalValues: ["User", "Group"] }),
      ],
      { multiValued: true },
    ),
  ],
};
