// The SCIM API's data access on Prisma, in one import. Every function takes the database (or the
// transaction client) and the workspace id as arguments: no module state.
//   scim-user-store.ts   Member rows: find (optionally FOR NO KEY UPDATE), list, insert, update, delete
//   scim-group-store.ts  Group rows and memberships (proportional inserts/deletes, unknown ids rejected)
//   scim-filter-sql.ts   SCIM filter AST → parameterized SQL (the attribute → column mapping tables)
//   scim-list-sql.ts     paging: stable order, deep pages by deferred join, COUNT only when needed
//   member-count.ts      a workspace's member total from the trigger-kept shard rows
//   scim-records.ts      rows ↔ lib/scim records (UserRecord, GroupRecord)
//   errors.ts            the refusals stores and lib/lifecycle transitions throw (doors map them)
export * from "./scim-user-store";
export * from "./scim-group-store";
export { filterToSql, sortExpression, USER_TARGET, GROUP_TARGET, USER_FILTER_MAPPINGS, GROUP_FILTER_MAPPINGS } from "./scim-filter-sql";
export { pageRows, DEFERRED_JOIN_OFFSET, type Page, type PageQuery } from "./scim-list-sql";
export { countMembers } from "./member-count";
export * from "./scim-records";
