// Admin-side member and group reads (the Members and Groups tabs) and the role vocabulary.
// Every write is a lib/lifecycle transition; lib/members/app.ts binds both to the process database.
export * from "./list-members";
export * from "./get-member";
export * from "./list-groups";
export * from "./get-group";
export * from "./roles";
export { memberDisplayName, primaryEmail } from "./sql";
