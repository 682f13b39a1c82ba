// add / replace / remove on an attribute the schema defines (RFC 7644 §3.5.2.1–3). Works in
// place on the caller's working copy of the resource.
import { ScimError } from "../errors";
import { matchesFilter } from "../filter/evaluate";
import { findKey, isPlainObject, type JsonObject } from "../resource/json";
import type { AttributeDefinition, ResourceTypeDefinition } from "../schemas/types";
import type { MembershipDeltaBuilder } from "./changes";
import { applyMemberDelta, isGroupMembers, requireMemberValues, sameMember } from "./members";
import type { PatchOpName } from "./request";
import type { AttributeTarget } from "./target";
import { assertMutable, coerceElement, coerceItem, coerceValue, containsValue, mergeInto, settlePrimary, valuesFromFilter } from "./values";

export interface OperationContext {
  resourceType: ResourceTypeDefinition;
  /** Set when patching a Group whose members were not loaded. */
  memberDelta?: MembershipDeltaBuilder;
}

interface Edit {
  op: PatchOpName;
  target: AttributeTarget;
  /** `undefined` only for remove; `null` (replace) unassigns, RFC 7643 §2.5. */
  value: unknown;
  unassigns: boolean;
}

export function applyToAttribute(resource: JsonObject, op: PatchOpName, target: AttributeTarget, value: unknown, context: OperationContext): void {
  const edit: Edit = { op, target, value, unassigns: op === "remove" || value === null };
  checkTargetMutability(edit);
  if (context.memberDelta && isGroupMembers(target, context.resourceType)) {
    return applyMemberDelta(op, target, value, context.memberDelta);
  }
  const extensionKey = target.extension ? (findKey(resource, target.schema) ?? target.schema) : undefined;
  const container = extensionKey === undefined ? resource : isPlainObject(resource[extensionKey]) ? resource[extensionKey] : {};
  const { attribute } = target;
  const current = readAttribute(container, attribute.name);
  let next: unknown;
  if (attribute.multiValued) next = applyToMultiValued(edit, toList(current), context);
  else if (target.subAttribute) next = applyToSubAttribute(edit, target.subAttribute, current);
  else next = applyToSingleValued(edit, current);
  writeAttribute(container, attribute.name, next);
  if (extensionKey !== undefined) writeAttribute(resource, extensionKey, container);
}

// RFC 7644 §3.5.2: readOnly attributes cannot be patched; removing a required one fails too.
function checkTargetMutability({ target, unassigns }: Edit): void {
  if (target.attribute.mutability === "readOnly" || target.subAttribute?.mutability === "readOnly") {
    throw new ScimError(400, "mutability", `"${target.label}" is readOnly`);
  }
  if (unassigns && target.attribute.required && !target.subAttribute && !target.filter) {
    throw new ScimError(400, "mutability", `"${target.label}" is required and cannot be removed`);
  }
}

function applyToSingleValued({ target, value, unassigns }: Edit, current: unknown): unknown {
  const { attribute, label } = target;
  if (unassigns) {
    assertMutable(attribute, current, undefined, label);
    return undefined;
  }
  const next = coerceItem(attribute, value, label);
  if (attribute.type !== "complex") {
    assertMutable(attribute, current, next, label);
    return next;
  }
  // Sub-attributes the value leaves out are kept (RFC 7644 §3.5.2.3), except when `value`
  // changes: a new manager id makes the old manager's `$ref` stale.
  const update = next as JsonObject;
  const referentChanged = "value" in update && isPlainObject(current) && current.value !== update.value;
  const element = isPlainObject(current) && !referentChanged ? { ...current } : {};
  mergeInto(element, update, attribute, label);
  return element;
}

function applyToSubAttribute({ target, value, unassigns }: Edit, sub: AttributeDefinition, current: unknown): unknown {
  const element = isPlainObject(current) ? { ...current } : {};
  const next = unassigns ? undefined : coerceValue(sub, value, target.label);
  assertMutable(sub, element[sub.name], next, target.label);
  if (next === undefined) delete element[sub.name];
  else element[sub.name] = next;
  return element;
}

interface ListEdit {
  list: unknown[];
  /** Elements the operation set, for `primary` exclusivity. */
  written: unknown[];
}

function applyToMultiValued(edit: Edit, list: unknown[], context: OperationContext): unknown[] {
  const members = isGroupMembers(edit.target, context.resourceType);
  const same = members
    ? sameMember
    : (existing: unknown, candidate: unknown) => containsValue(existing, candidate, edit.target.attribute);
  const result = edit.target.filter
    ? applyToMatchingElements(edit, list, members, context)
    : edit.target.subAttribute
      ? applyToEveryElement(edit, edit.target.subAttribute, list)
      : applyToWholeList(edit, list, members, same);
  settlePrimary(result.list, result.written, edit.target.label);
  return result.list;
}

/** `emails`, `members`: append (add), swap (replace) or clear / remove given values (remove). */
function applyToWholeList({ op, target, value, unassigns }: Edit, list: unknown[], members: boolean, same: (a: unknown, b: unknown) => boolean): ListEdit {
  if (unassigns && (value === undefined || value === null)) return { list: [], written: [] };
  const items = coerceValue(target.attribute, value, target.label) as unknown[];
  if (op === "remove") {
    // Entra ID removes members with the values to remove and no filter.
    return { list: list.filter((element) => !items.some((item) => same(element, item))), written: [] };
  }
  if (members) requireMemberValues(items, target.label);
  const next = op === "replace" ? [] : [...list];
  const written: unknown[] = [];
  for (const item of items) {
    const existing = next.find((element) => same(element, item));
    if (existing === undefined) next.push(item);
    written.push(existing ?? item);
  }
  return { list: next, written };
}

/** `emails.value` without a filter: the sub-attribute of every element. */
function applyToEveryElement({ target, value, unassigns }: Edit, sub: AttributeDefinition, list: unknown[]): ListEdit {
  const elements = list.filter(isPlainObject);
  if (unassigns) {
    for (const element of elements) removeSubAttribute(element, sub, target.label);
    return { list: elements.filter(isNonEmpty), written: [] };
  }
  const next = coerceValue(sub, value, target.label);
  if (elements.length === 0) {
    const element = { [sub.name]: next };
    return { list: [element], written: [element] };
  }
  for (const element of elements) {
    assertMutable(sub, element[sub.name], next, target.label);
    element[sub.name] = next;
  }
  return { list: elements, written: elements };
}

/** `emails[type eq "work"]`, `emails[type eq "work"].value`. */
function applyToMatchingElements({ op, target, value, unassigns }: Edit, list: unknown[], members: boolean, context: OperationContext): ListEdit {
  const { attribute, subAttribute: sub, filter, label } = target;
  const filterContext = { resourceType: context.resourceType, parent: { schema: target.schema, attribute: attribute.name } };
  const matched = list.filter((element): element is JsonObject => isPlainObject(element) && matchesFilter(element, filter!, filterContext));

  if (unassigns) {
    if (matched.length === 0) {
      // Removing a member that is not there is a no-op, as it has to be when members are not
      // loaded; for other attributes RFC 7644 §3.12 makes a filter without a match noTarget.
      if (members) return { list, written: [] };
      throw noTarget(label);
    }
    if (!sub) return { list: list.filter((element) => !matched.includes(element as JsonObject)), written: [] };
    for (const element of matched) removeSubAttribute(element, sub, label);
    return { list: list.filter((element) => !isPlainObject(element) || isNonEmpty(element)), written: [] };
  }

  const update = sub ? { [sub.name]: coerceValue(sub, value, label) } : coerceElement(attribute, value, label);
  if (matched.length > 0) {
    for (const element of matched) mergeInto(element, update, attribute, label);
    return { list, written: matched };
  }
  // No match. RFC 7644 §3.5.2.3 makes `replace` noTarget, but Entra ID sends
  // `emails[type eq "work"].value` (add or replace) to set a work email that may not exist yet:
  // with a sub-attribute, or for add, create the element the equality filter describes.
  const pinned = op === "add" || sub ? valuesFromFilter(filter!, attribute) : undefined;
  if (!pinned) throw noTarget(label);
  const element = coerceElement(attribute, { ...pinned, ...update }, label);
  if (members) requireMemberValues([element], label);
  return { list: [...list, element], written: [element] };
}

const noTarget = (label: string) => new ScimError(400, "noTarget", `"${label}" matched no value`);

function removeSubAttribute(element: JsonObject, sub: AttributeDefinition, label: string): void {
  assertMutable(sub, element[sub.name], undefined, label);
  delete element[sub.name];
}

const isNonEmpty = (element: JsonObject): boolean => Object.keys(element).length > 0;

const toList = (value: unknown): unknown[] => (Array.isArray(value) ? [...value] : []);

function readAttribute(container: JsonObject, name: string): unknown {
  const key = findKey(container, name);
  return key === undefined ? undefined : container[key];
}

/** Writes under the canonical name, dropping other spellings; empty objects and arrays are unassigned. */
function writeAttribute(container: JsonObject, name: string, value: unknown): void {
  const key = findKey(container, name);
  if (key !== undefined && key !== name) delete container[key];
  const empty = value === undefined || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && !isNonEmpty(value));
  if (empty) delete container[name];
  else container[name] = value;
}
