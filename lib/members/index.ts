// Admin-side member and group queries and mutations (the Members and Groups tabs).
// SCIM writes go through lib/directory; both use lib/directory/status.ts for status rules.
export * from "./list-members";
export * from "./get-member";
export * from "./list-groups";
export * from "./get-group";
export * from "./change-role";
export * from "./set-active";
export * from "./errors";
export { memberDisplayName, primaryEmail } from "./sql";
