// RFC 7643 §3.1 common attributes: part of every resource, but of no schema (so discovery's
// Schemas documents leave them out while lookups still resolve them).
import { attribute, complex } from "./define";
import type { AttributeDefinition } from "./types";

const readOnlyString = (name: string, description: string, caseExact = false) =>
  attribute(name, "string", description, { mutability: "readOnly", caseExact });

export const ID_ATTRIBUTE = attribute(
  "id",
  "string",
  "A unique identifier for a SCIM resource as defined by the service provider.",
  { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" },
);

export const EXTERNAL_ID_ATTRIBUTE = attribute(
  "externalId",
  "string",
  "A String that is an identifier for the resource as defined by the provisioning client.",
  { caseExact: true },
);

export const META_ATTRIBUTE = complex(
  "meta",
  "A complex attribute containing resource metadata.",
  [
    readOnlyString("resourceType", "The name of the resource type of the resource.", true),
    attribute("created", "dateTime", "The DateTime that the resource was added to the service provider.", { mutability: "readOnly" }),
    attribute("lastModified", "dateTime", "The most recent DateTime that the details of this resource were updated at the service provider.", { mutability: "readOnly" }),
    attribute("location", "reference", "The URI of the resource being returned.", { mutability: "readOnly", caseExact: true, referenceTypes: ["uri"] }),
    readOnlyString("version", "The version of the resource being returned (an entity tag).", true),
  ],
  { mutability: "readOnly" },
);

export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [ID_ATTRIBUTE, EXTERNAL_ID_ATTRIBUTE, META_ATTRIBUTE];
