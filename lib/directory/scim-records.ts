// Member/Group rows ↔ lib/scim's storage-neutral records. Core attributes with a column live in
// it; the optional multi-valued ones (phoneNumbers, addresses, …) and profileUrl live in
// Member.extra under their attribute name, beside whatever unknown attributes and extension
// schemas the IdP sent (URN keys), so everything round-trips. The filter mapping
// (scim-filter-sql.ts) reads the same keys.
import { deepEqual } from "@/lib/scim/resource/json";
import type { GroupRecord, UserInput, UserRecord, GroupInput } from "@/lib/scim/resource/records";
import type { MemberRow, MemberWritable } from "./scim-user-store";
import type { GroupRow, GroupWritable } from "./scim-group-store";

/** UserRecord fields kept in Member.extra by attribute name. */
export const USER_FIELDS_IN_EXTRA = ["profileUrl", "phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles", "x509Certificates"] as const;
type ExtraField = (typeof USER_FIELDS_IN_EXTRA)[number];
const IN_EXTRA = new Set<string>(USER_FIELDS_IN_EXTRA);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Drops undefined and null members, so records carry only assigned values. */
function compact<T extends object>(value: T): T {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner !== undefined && inner !== null) result[key] = inner;
  }
  return result as T;
}

const opt = (value: string | null): string | undefined => (value === null ? undefined : value);

export function memberToUserRecord(row: MemberRow): UserRecord {
  const extra = isObject(row.extra) ? row.extra : {};
  const unknown: Record<string, unknown> = {};
  const known: Partial<Record<ExtraField, unknown>> = {};
  for (const [key, value] of Object.entries(extra)) {
    if (IN_EXTRA.has(key)) known[key as ExtraField] = value;
    else unknown[key] = value;
  }
  const name = compact({
    formatted: opt(row.formattedName),
    familyName: opt(row.familyName),
    givenName: opt(row.givenName),
    middleName: opt(row.middleName),
    honorificPrefix: opt(row.honorificPrefix),
    honorificSuffix: opt(row.honorificSuffix),
  });
  const enterprise = compact({
    employeeNumber: opt(row.employeeNumber),
    costCenter: opt(row.costCenter),
    organization: opt(row.organization),
    division: opt(row.division),
    department: opt(row.department),
    manager: row.managerValue === null ? undefined : compact({ value: row.managerValue, displayName: opt(row.managerDisplayName) }),
  });
  const record: UserRecord = compact({
    id: row.id,
    userName: row.userName,
    externalId: opt(row.externalId),
    name: Object.keys(name).length > 0 ? name : undefined,
    displayName: opt(row.displayName),
    nickName: opt(row.nickName),
    title: opt(row.title),
    userType: opt(row.userType),
    preferredLanguage: opt(row.preferredLanguage),
    locale: opt(row.locale),
    timezone: opt(row.timezone),
    active: row.active,
    emails: Array.isArray(row.emails) ? (row.emails as UserRecord["emails"]) : [],
    ...(known as Partial<UserRecord>),
    enterprise: Object.keys(enterprise).length > 0 ? enterprise : undefined,
    extra: unknown,
    groups: row.groups?.map((group) => ({ value: group.value, display: group.display, type: "direct" as const })),
    created: row.createdAt,
    lastModified: row.updatedAt,
    version: row.version,
  });
  return record;
}

/**
 * The Member columns a UserInput sets. Every writable column gets a value (null when the input
 * leaves it out), so a PUT clears what it omits. managerDisplayName is the caller's to fill.
 */
export function userInputToColumns(input: UserInput): Omit<MemberWritable, "managerDisplayName"> {
  const extra: Record<string, unknown> = { ...input.extra };
  for (const field of USER_FIELDS_IN_EXTRA) {
    const value = input[field];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) extra[field] = value;
    else delete extra[field];
  }
  const name = input.name ?? {};
  const enterprise = input.enterprise ?? {};
  return {
    userName: input.userName,
    externalId: input.externalId ?? null,
    givenName: name.givenName ?? null,
    familyName: name.familyName ?? null,
    middleName: name.middleName ?? null,
    formattedName: name.formatted ?? null,
    honorificPrefix: name.honorificPrefix ?? null,
    honorificSuffix: name.honorificSuffix ?? null,
    displayName: input.displayName ?? null,
    nickName: input.nickName ?? null,
    title: input.title ?? null,
    userType: input.userType ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    locale: input.locale ?? null,
    timezone: input.timezone ?? null,
    emails: input.emails ?? [],
    active: input.active,
    employeeNumber: enterprise.employeeNumber ?? null,
    costCenter: enterprise.costCenter ?? null,
    organization: enterprise.organization ?? null,
    division: enterprise.division ?? null,
    department: enterprise.department ?? null,
    managerValue: enterprise.manager?.value ?? null,
    extra,
  };
}

/** Columns whose value differs between a row and new column values (JSON compared structurally, key order ignored). */
export function changedColumns<T extends Record<string, unknown>>(row: Record<string, unknown>, next: T): Partial<T> {
  const changed: Partial<T> = {};
  for (const [key, value] of Object.entries(next)) {
    if (!deepEqual(row[key] ?? null, value ?? null)) (changed as Record<string, unknown>)[key] = value;
  }
  return changed;
}

export function groupToRecord(row: GroupRow): GroupRecord {
  return compact({
    id: row.id,
    displayName: row.displayName,
    externalId: opt(row.externalId),
    members: row.members?.map((member) => ({ value: member.value, display: member.display, type: "User" as const })),
    extra: isObject(row.extra) ? row.extra : {},
    created: row.createdAt,
    lastModified: row.updatedAt,
    version: row.version,
  });
}

export function groupInputToColumns(input: GroupInput): GroupWritable {
  return { displayName: input.displayName, externalId: input.externalId ?? null, extra: input.extra ?? {} };
}
