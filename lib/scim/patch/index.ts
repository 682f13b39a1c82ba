export { activeOnlyValue } from "./active-only";
export { applyPatch, type ApplyPatchOptions, type ApplyPatchResult } from "./apply";
export { type MemberRef, type MembershipDelta, type PatchChanges } from "./changes";
export { NeedsMembersError, isNeedsMembersError } from "./needs-members";
export { PATCH_OP_SCHEMA, parsePatchRequest, type PatchOpName, type PatchOperation, type PatchRequest } from "./request";
