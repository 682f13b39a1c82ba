// SCIM JSON → neutral records, for POST and PUT bodies and for the result of applyPatch.
// Validation is driven by the schema definitions (zod schemas built from them). Attribute names
// are matched case-insensitively; readOnly attributes in input are ignored (RFC 7643 §2.2);
// attributes no schema here defines are kept in `extra` instead of being dropped.
import { z } from "zod";
import { ScimError } from "../errors";
import { requireMemberValues, toMemberRef } from "../patch/members";
import { COMMON_ATTRIBUTES } from "../schemas/common";
import { findExtension, findSchema, sameName } from "../schemas/lookup";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "../schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA, type AttributeDefinition, type ResourceTypeDefinition } from "../schemas/types";
import { attributeValueSchema } from "./attribute-values";
import { canonicalizeKeys, isPlainObject, type JsonObject } from "./json";
import type { EnterpriseRecord, GroupInput, UserInput } from "./records";
import { scimErrorFromZod } from "./zod-detail";

export interface ParsedUser {
  user: UserInput;
  /** The cleartext password when the client sent one: for the domain layer to hash; never stored as is or echoed. */
  password?: string;
}

/** Parses a User body (POST/PUT) or a User resource after applyPatch. */
export function fromScimUser(body: unknown): ParsedUser {
  const { core, extensions, extra } = readResource(USER_RESOURCE_TYPE, body);
  const { password, active, emails, ...attributes } = core;
  // RFC 7643 leaves `active` without a default; a provisioned account is active unless told otherwise.
  const user = { ...attributes, active: active ?? true, emails: emails ?? [], extra } as UserInput;
  const enterprise = extensions[ENTERPRISE_USER_SCHEMA] && toEnterpriseRecord(extensions[ENTERPRISE_USER_SCHEMA]);
  if (enterprise && Object.keys(enterprise).length > 0) user.enterprise = enterprise;
  return password === undefined ? { user } : { user, password: password as string };
}

/** Parses a Group body (POST/PUT) or a Group resource after applyPatch. `members` absent = not given. */
export function fromScimGroup(body: unknown): GroupInput {
  const { core, extra } = readResource(GROUP_RESOURCE_TYPE, body);
  const { members, ...attributes } = core;
  const group = { ...attributes, extra } as GroupInput;
  if (members !== undefined) {
    requireMemberValues(members as unknown[], "members");
    group.members = (members as JsonObject[]).map(toMemberRef);
  }
  return group;
}

// The manager's `$ref` is derived from its id on output and `displayName` is readOnly: keep the id.
function toEnterpriseRecord(values: JsonObject): EnterpriseRecord {
  const { manager, ...rest } = values as EnterpriseRecord & { manager?: { value?: string } };
  const record: EnterpriseRecord = rest;
  if (manager?.value !== undefined) record.manager = { value: manager.value };
  return record;
}

interface ReadResource {
  core: JsonObject;
  extensions: Record<string, JsonObject>;
  extra: JsonObject;
}

function readResource(resourceType: ResourceTypeDefinition, body: unknown): ReadResource {
  if (!isPlainObject(body)) throw new ScimError(400, "invalidSyntax", `A ${resourceType.name} must be a JSON object`);
  checkSchemas(resourceType, body.schemas);
  const coreAttributes = [...COMMON_ATTRIBUTES, ...findSchema(resourceType.schema)!.attributes];
  const core: JsonObject = {};
  const extensions: Record<string, JsonObject> = {};
  const extra: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    // null = unassigned (RFC 7643 §2.5); undefined only comes from programmatic callers.
    if (value === null || value === undefined || sameName(key, "schemas")) continue;
    const extension = findExtension(resourceType, key);
    const definition = coreAttributes.find((candidate) => sameName(candidate.name, key));
    if (extension !== undefined) extensions[extension] = readExtension(resourceType, extension, value);
    else if (definition === undefined) extra[key] = value;
    else if (definition.mutability !== "readOnly") core[definition.name] = value;
  }
  const parsed = parseObject(resourceType.name, coreAttributes, core);
  checkRequired(resourceType, coreAttributes, parsed);
  return { core: parsed, extensions, extra };
}

function checkSchemas(resourceType: ResourceTypeDefinition, schemas: unknown): void {
  if (schemas === undefined) return; // required by RFC 7643 §3, but its absence is harmless
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === "string" && sameName(urn, resourceType.schema))) {
    throw new ScimError(400, "invalidSyntax", `"schemas" must be an array containing ${resourceType.schema}`);
  }
}

function readExtension(resourceType: ResourceTypeDefinition, urn: string, value: unknown): JsonObject {
  if (!isPlainObject(value)) throw new ScimError(400, "invalidValue", `Invalid ${resourceType.name}: "${urn}" must be an object`);
  const attributes = findSchema(urn)!.attributes;
  const withoutNulls = Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null));
  return parseObject(`${resourceType.name}: ${urn}`, attributes, canonicalizeKeys(withoutNulls, attributes.map((attribute) => attribute.name)));
}

const objectSchemas = new Map<string, z.ZodType>();

/** A strict object of the writable attributes, each validated by its definition's zod schema. */
function objectSchema(what: string, attributes: readonly AttributeDefinition[]): z.ZodType {
  let schema = objectSchemas.get(what);
  if (!schema) {
    const writable = attributes.filter((attribute) => attribute.mutability !== "readOnly");
    schema = z.strictObject(Object.fromEntries(writable.map((attribute) => [attribute.name, attributeValueSchema(attribute).optional()])));
    objectSchemas.set(what, schema);
  }
  return schema;
}

/** `what` names the object in errors and keys the schema cache: "User", "User: urn:…". */
function parseObject(what: string, attributes: readonly AttributeDefinition[], values: JsonObject): JsonObject {
  const parsed = objectSchema(what, attributes).safeParse(values);
  if (!parsed.success) throw scimErrorFromZod(parsed.error, "invalidValue", `Invalid ${what}`);
  return parsed.data as JsonObject;
}

// RFC 7643 §2.2 `required`; a User "MUST include a non-empty userName".
function checkRequired(resourceType: ResourceTypeDefinition, attributes: readonly AttributeDefinition[], values: JsonObject): void {
  for (const attribute of attributes) {
    if (attribute.required && (values[attribute.name] === undefined || values[attribute.name] === "")) {
      throw new ScimError(400, "invalidValue", `Invalid ${resourceType.name}: "${attribute.name}" is required`);
    }
  }
}
