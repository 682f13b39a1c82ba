// The member lifecycle: every write to members, invitations and their emails goes through these
// transitions (groups: lib/scim-http's group handlers still write through lib/directory's group
// store — see the module README). Doors (SCIM, admin actions, invitation acceptance, sign-in,
// CLI) call them and map LifecycleError subclasses to their own answers in one place each.
export * from "./admins";
export * from "./door";
export * from "./errors";
export * from "./invitations";
export * from "./members";
export * from "./invitation-secret";
export * from "./groups";
