/**
 * Thrown by applyPatch when a Group was patched without its members loaded (`membersLoaded:
 * false`) and an operation can only be decided by looking at them, e.g.
 * `remove members[display eq "x"]`. Not a client error: the caller reloads the Group with its
 * members and calls applyPatch again with `membersLoaded: true`.
 */
export class NeedsMembersError extends Error {
  constructor(readonly path: string) {
    super(`PATCH path "${path}" needs the Group's members loaded`);
    this.name = "NeedsMembersError";
  }
}

export const isNeedsMembersError = (value: unknown): value is NeedsMembersError => value instanceof NeedsMembersError;
