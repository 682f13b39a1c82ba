// Neutral records → SCIM JSON (RFC 7643 §4, §3.1 meta). Attributes are picked by name from the
// schema definitions, so fields the data layer adds to a record (a password hash, say) never
// leak. No nulls or empty values in the output: unassigned attributes are omitted (RFC 7643 §2.5).
import { findSchema } from "../schemas/lookup";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "../schemas/types";
import { etag } from "./etag";
import { isPlainObject, type JsonObject } from "./json";
import type { GroupRecord, UserRecord } from "./records";

export interface SerializeOptions {
  /** The SCIM base URL, e.g. `https://roster.example.com/scim/v2` (a trailing slash is ignored). */
  baseUrl: string;
}

export function toScimUser(record: UserRecord, { baseUrl }: SerializeOptions): JsonObject {
  const base = trimSlash(baseUrl);
  const { manager, ...enterpriseAttributes } = record.enterprise ?? {};
  const enterprise = compact({
    ...enterpriseAttributes,
    manager: manager && { value: manager.value, $ref: `${base}/Users/${manager.value}`, displayName: manager.displayName },
  });
  const attributes: JsonObject = {};
  for (const { name, returned } of findSchema(USER_SCHEMA)!.attributes) {
    if (returned !== "never" && name !== "groups") attributes[name] = (record as unknown as JsonObject)[name];
  }
  return compact({
    schemas: [USER_SCHEMA, ...(enterprise ? [ENTERPRISE_USER_SCHEMA] : []), ...extensionUrns(record.extra)],
    id: record.id,
    externalId: record.externalId,
    ...attributes,
    groups: record.groups?.map((group) => ({ value: group.value, $ref: `${base}/Groups/${group.value}`, display: group.display, type: group.type })),
    [ENTERPRISE_USER_SCHEMA]: enterprise,
    ...record.extra,
    meta: meta("User", `${base}/Users/${record.id}`, record),
  }) as JsonObject;
}

export function toScimGroup(record: GroupRecord, { baseUrl }: SerializeOptions): JsonObject {
  const base = trimSlash(baseUrl);
  return compact({
    schemas: [GROUP_SCHEMA, ...extensionUrns(record.extra)],
    id: record.id,
    externalId: record.externalId,
    displayName: record.displayName,
    members: record.members?.map((member) => ({
      value: member.value,
      $ref: `${base}/${member.type === "Group" ? "Groups" : "Users"}/${member.value}`,
      display: member.display,
      type: member.type,
    })),
    ...record.extra,
    meta: meta("Group", `${base}/Groups/${record.id}`, record),
  }) as JsonObject;
}

function meta(resourceType: string, location: string, record: { created: Date; lastModified: Date; version: number }) {
  return {
    resourceType,
    created: record.created.toISOString(),
    lastModified: record.lastModified.toISOString(),
    location,
    version: etag(record.version),
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, "");

/** Extensions kept in `extra` are listed in `schemas` like known ones (RFC 7643 §3). */
const extensionUrns = (extra: JsonObject): string[] =>
  Object.keys(extra).filter((key) => key.toLowerCase().startsWith("urn:") && isPlainObject(extra[key]));

/** obj[key] = value, except that a "__proto__" key (valid in JSON) stays an own property. */
function setOwn(obj: JsonObject, key: string, value: JsonObject[string]): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Drops undefined and null values, then empty arrays and objects, at every depth; undefined if
 * nothing is left. Plain loops, no entries/map/filter arrays: this runs over every attribute of
 * every resource a list page serializes (it was the largest item in the list page's profile).
 */
function compact(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (const item of value) {
      const kept = compact(item);
      if (kept !== undefined) (items ??= []).push(kept);
    }
    return items;
  }
  if (isPlainObject(value)) {
    let result: JsonObject | undefined;
    for (const key of Object.keys(value)) {
      const kept = compact(value[key]);
      if (kept !== undefined) setOwn((result ??= {}), key, kept as JsonObject[string]);
    }
    return result;
  }
  return value;
}
