// RFC 7643 §4.3 and §8.7.1: the Enterprise User extension.
import { attribute, complex } from "./define";
import { ENTERPRISE_USER_SCHEMA, type SchemaDefinition } from "./types";

const text = (name: string, description: string) => attribute(name, "string", description);

export const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    text("employeeNumber", "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization."),
    text("costCenter", "Identifies the name of a cost center."),
    text("organization", "Identifies the name of an organization."),
    text("division", "Identifies the name of a division."),
    text("department", "Identifies the name of a department."),
    complex("manager", "The User's manager.", [
      text("value", "The id of the SCIM resource representing the User's manager."),
      attribute("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ["User"] }),
      attribute("displayName", "string", "The displayName of the User's manager.", { mutability: "readOnly" }),
    ]),
  ],
};
