// Group membership. Large groups are patched without loading their members
// (`membersLoaded: false`): then member operations become a MembershipDelta, and an operation
// that can only be decided by looking at the members throws NeedsMembersError.
import { ScimError } from "../errors";
import type { Filter } from "../filter/ast";
import { isPlainObject } from "../resource/json";
import { GROUP_SCHEMA, type ResourceTypeDefinition } from "../schemas/types";
import { sameName } from "../schemas/lookup";
import type { MemberRef, MembershipDeltaBuilder } from "./changes";
import { NeedsMembersError } from "./needs-members";
import type { PatchOpName } from "./request";
import type { AttributeTarget } from "./target";
import { coerceValue } from "./values";

export const isGroupMembers = (target: AttributeTarget, resourceType: ResourceTypeDefinition): boolean =>
  sameName(resourceType.schema, GROUP_SCHEMA) && !target.extension && target.attribute.name === "members";

/** A membership is its member's id: an element without one means nothing. */
export function requireMemberValues(elements: unknown[], label: string): void {
  for (const element of elements) {
    if (!isPlainObject(element) || typeof element.value !== "string" || element.value === "") {
      throw new ScimError(400, "invalidValue", `"${label}": every member needs a non-empty "value"`);
    }
  }
}

/** Members are identified by `value` alone: the same id with another display is the same member. */
export const sameMember = (left: unknown, right: unknown): boolean =>
  isPlainObject(left) && isPlainObject(right) && left.value === right.value;

/** `display` and the rest are derived from the member on output, so they are not carried. */
export function toMemberRef(element: Record<string, unknown>): MemberRef {
  const member: MemberRef = { value: element.value as string };
  if (typeof element.type === "string") member.type = element.type;
  return member;
}

/** The members of a loaded Group resource, for diffing. */
export const memberRefsOf = (members: unknown): MemberRef[] =>
  (Array.isArray(members) ? members : [])
    .filter((element): element is Record<string, unknown> => isPlainObject(element) && typeof element.value === "string")
    .map(toMemberRef);

function memberRefs(target: AttributeTarget, value: unknown): MemberRef[] {
  const elements = coerceValue(target.attribute, value, target.label) as Record<string, unknown>[];
  requireMemberValues(elements, target.label);
  return elements.map(toMemberRef);
}

/**
 * The member ids a filter selects when it is `value eq "id"` or an `or` of those (what Entra ID
 * and Okta send); undefined for anything that needs the members to evaluate.
 */
export function memberIdsSelectedBy(filter: Filter): string[] | undefined {
  if (filter.op === "or") {
    const left = memberIdsSelectedBy(filter.left);
    const right = memberIdsSelectedBy(filter.right);
    return left && right && [...left, ...right];
  }
  const selectsById = filter.op === "compare" && filter.operator === "eq" && sameName(filter.path.attribute, "value") && typeof filter.value === "string";
  return selectsById ? [filter.value as string] : undefined;
}

/** `membersLoaded: false`: records the operation in the delta without touching the resource. */
export function applyMemberDelta(op: PatchOpName, target: AttributeTarget, value: unknown, delta: MembershipDeltaBuilder): void {
  const unassigns = op === "remove" || value === null;
  if (target.subAttribute) throw new NeedsMembersError(target.label);
  if (target.filter) {
    const ids = unassigns ? memberIdsSelectedBy(target.filter) : undefined;
    if (!ids) throw new NeedsMembersError(target.label);
    return delta.remove(ids);
  }
  if (unassigns && (value === undefined || value === null)) return delta.replace([]);
  const members = memberRefs(target, value);
  if (op === "add") delta.add(members);
  else if (op === "replace") delta.replace(members);
  // Entra ID: `remove` with path `members` and the members to remove as the value.
  else delta.remove(members.map((member) => member.value));
}
