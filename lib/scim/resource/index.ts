export { etag, etagMatches, parseEtag, type EntityTag, type EtagCondition } from "./etag";
export { fromScimGroup, fromScimUser, type ParsedUser } from "./parse";
export type {
  AddressRecord,
  EnterpriseRecord,
  GroupInput,
  GroupMemberRecord,
  GroupRecord,
  MultiValueRecord,
  NameRecord,
  UserInput,
  UserRecord,
} from "./records";
export { toScimGroup, toScimUser, type SerializeOptions } from "./serialize";
