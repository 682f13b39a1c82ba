export * from "./types";
export { COMMON_ATTRIBUTES, EXTERNAL_ID_ATTRIBUTE, ID_ATTRIBUTE, META_ATTRIBUTE } from "./common";
export { USER_SCHEMA_DEFINITION } from "./user";
export { GROUP_SCHEMA_DEFINITION } from "./group";
export { ENTERPRISE_USER_SCHEMA_DEFINITION } from "./enterprise-user";
export { GROUP_RESOURCE_TYPE, RESOURCE_TYPES, USER_RESOURCE_TYPE } from "./resource-types";
export {
  SCHEMAS,
  canonicalPath,
  findAttribute,
  findExtension,
  findExtensionByPath,
  findResourceType,
  findSchema,
  findSubAttribute,
  sameName,
  schemasOf,
  type ResolvedAttribute,
} from "./lookup";
