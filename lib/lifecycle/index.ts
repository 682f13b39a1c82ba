// The member lifecycle: writes to members, groups, memberships, invitations and their emails go
// through these transitions (exceptions, README › Architecture: a new workspace's first admin, the
// outbox worker's delivery state). Doors (SCIM, admin actions, invitation acceptance, sign-in)
// call them and map LifecycleError subclasses to their own answers in one place each.
export * from "./admins";
export * from "./door";
export * from "./errors";
export * from "./invitations";
export * from "./members";
export * from "./invitation-secret";
export * from "./groups";
export * from "./break-glass";
