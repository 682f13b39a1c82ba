// Neutral, storage-agnostic shapes of Users and Groups. The data layer maps them to its tables;
// toScimUser/toScimGroup turn them into SCIM JSON and fromScimUser/fromScimGroup go back.
import type { MemberRef } from "../patch/changes";

export interface NameRecord {
  formatted?: string;
  familyName?: string;
  givenName?: string;
  middleName?: string;
  honorificPrefix?: string;
  honorificSuffix?: string;
}

/** An element of emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates. */
export interface MultiValueRecord {
  value?: string;
  display?: string;
  type?: string;
  primary?: boolean;
}

export interface AddressRecord {
  formatted?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  type?: string;
  primary?: boolean;
}

export interface EnterpriseRecord {
  employeeNumber?: string;
  costCenter?: string;
  organization?: string;
  division?: string;
  department?: string;
  /** `displayName` is readOnly: filled by the data layer from the manager's record, never from input. */
  manager?: { value: string; displayName?: string };
}

export interface UserRecord {
  id: string;
  userName: string;
  externalId?: string;
  name?: NameRecord;
  displayName?: string;
  nickName?: string;
  profileUrl?: string;
  title?: string;
  userType?: string;
  preferredLanguage?: string;
  locale?: string;
  timezone?: string;
  active: boolean;
  emails: MultiValueRecord[];
  phoneNumbers?: MultiValueRecord[];
  ims?: MultiValueRecord[];
  photos?: MultiValueRecord[];
  addresses?: AddressRecord[];
  entitlements?: MultiValueRecord[];
  roles?: MultiValueRecord[];
  x509Certificates?: MultiValueRecord[];
  enterprise?: EnterpriseRecord;
  /**
   * Everything a client sent that no schema here defines: unknown top-level attributes and whole
   * unknown extensions (keyed by URN). Echoed back so GET → PATCH → store loses nothing.
   */
  extra: Record<string, unknown>;
  /** readOnly; computed by the data layer from Group memberships. */
  groups?: { value: string; display?: string; type?: "direct" | "indirect" }[];
  created: Date;
  lastModified: Date;
  version: number;
}

export interface GroupMemberRecord {
  value: string;
  display?: string;
  type: "User" | "Group";
}

export interface GroupRecord {
  id: string;
  displayName: string;
  externalId?: string;
  /** Absent when not loaded (large groups are served and patched without their members). */
  members?: GroupMemberRecord[];
  extra: Record<string, unknown>;
  created: Date;
  lastModified: Date;
  version: number;
}

type ServerFields = "id" | "created" | "lastModified" | "version";

/** A User as a client may write it: no server-assigned or readOnly fields. */
export type UserInput = Omit<UserRecord, ServerFields | "groups">;

/** A Group as a client may write it; a member's `type` is only known when the client said. */
export type GroupInput = Omit<GroupRecord, ServerFields | "members"> & { members?: MemberRef[] };
