// RFC 7644 §3.5.2 PATCH: applies operations in order to a copy of a SCIM resource and reports
// what changed. Atomic: the first failing operation throws and the input is never modified.
import { ScimError } from "../errors";
import { deepEqual, findKey, type JsonObject } from "../resource/json";
import { sameName } from "../schemas/lookup";
import { GROUP_SCHEMA, type ResourceTypeDefinition } from "../schemas/types";
import { applyToAttribute, type OperationContext } from "./attribute-ops";
import { diffMembers, isEmptyDelta, MembershipDeltaBuilder, type PatchChanges } from "./changes";
import { memberRefsOf } from "./members";
import { extensionTargets, pathlessTargets } from "./pathless";
import type { PatchOpName, PatchOperation } from "./request";
import { resolveTarget, type Target } from "./target";
import { applyToUnknownExtension } from "./unknown-extension";

export interface ApplyPatchOptions {
  resourceType: ResourceTypeDefinition;
  /**
   * Groups: whether `resource.members` holds the full member list. When false (the default; the
   * data layer skips loading members of large groups) member operations are returned as a delta
   * in `changes.members` and `resource.members` is neither read nor written.
   */
  membersLoaded?: boolean;
}

export interface ApplyPatchResult {
  resource: JsonObject;
  changes: PatchChanges;
}

/**
 * Throws ScimError (400 invalidValue / invalidPath / noTarget / mutability) for a bad operation,
 * or NeedsMembersError when a member operation cannot be decided without the members.
 */
export function applyPatch(resource: JsonObject, operations: readonly PatchOperation[], options: ApplyPatchOptions): ApplyPatchResult {
  const isGroup = sameName(options.resourceType.schema, GROUP_SCHEMA);
  const membersLoaded = options.membersLoaded ?? false;
  const context: OperationContext = { resourceType: options.resourceType };
  if (isGroup && !membersLoaded) context.memberDelta = new MembershipDeltaBuilder();

  const working = structuredClone(resource);
  for (const operation of operations) applyOperation(working, operation, context);

  const changes: PatchChanges = { attributes: changedAttributes(resource, working) };
  if (isGroup) {
    const members = context.memberDelta?.build() ?? diffMembers(memberRefsOf(resource.members), memberRefsOf(working.members));
    if (!isEmptyDelta(members)) changes.attributes.add("members");
    changes.members = members;
  }
  return { resource: working, changes };
}

function applyOperation(resource: JsonObject, { op, path, value }: PatchOperation, context: OperationContext): void {
  if (op !== "remove" && value === undefined) throw new ScimError(400, "invalidValue", `"${op}" needs a value`);
  if (path === undefined) {
    // RFC 7644 §3.5.2.2: remove without a path has no target.
    if (op === "remove") throw new ScimError(400, "noTarget", `"remove" needs a path`);
    for (const { target, value: inner } of pathlessTargets(context.resourceType, value)) {
      if (!isCurrentId(resource, target, inner)) applyToTarget(resource, op, target, inner, context);
    }
    return;
  }
  applyToTarget(resource, op, resolveTarget(context.resourceType, path, "invalidPath"), value, context);
}

// Okta renames a Group with a path-less replace of `{ id, displayName }`: an unchanged id is no edit.
function isCurrentId(resource: JsonObject, target: Target, value: unknown): boolean {
  return target.kind === "attribute" && target.common && target.attribute.name === "id" && value === resource.id;
}

function applyToTarget(resource: JsonObject, op: PatchOpName, target: Target, value: unknown, context: OperationContext): void {
  if (op === "add" && value === null) throw new ScimError(400, "invalidValue", `"${target.label}": add needs a non-null value`);
  switch (target.kind) {
    case "attribute":
      return applyToAttribute(resource, op, target, value, context);
    case "unknownExtension":
      return applyToUnknownExtension(resource, op, target, value);
    case "extension":
      if (op === "remove" || value === null) {
        const key = findKey(resource, target.schema);
        if (key !== undefined) delete resource[key];
        return;
      }
      for (const inner of extensionTargets(context.resourceType, target.schema, value)) {
        applyToTarget(resource, op, inner.target, inner.value, context);
      }
  }
}

/** Top-level keys (canonical attribute names, extension URNs) whose value differs. */
function changedAttributes(before: JsonObject, after: JsonObject): Set<string> {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return new Set([...keys].filter((key) => !deepEqual(before[key], after[key])));
}
