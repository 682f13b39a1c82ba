// The member lifecycle: writes to members, groups, memberships, invitations and their emails go
// through these transitions (one exception, README › Architecture: the outbox worker's delivery
// state; writers.test.ts enforces it). Doors (SCIM, admin actions, invitation acceptance, sign-in)
// call them and map LifecycleError subclasses to their own answers in one place each.
export * from "./admins";
export * from "./door";
export * from "./errors";
export * from "./invitations";
export * from "./members";
export * from "./invitation-secret";
export * from "./groups";
export * from "./first-admin";
export * from "./roles";
export * from "./break-glass";
