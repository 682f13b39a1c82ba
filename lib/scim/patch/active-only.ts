// Recognizes a PATCH that sets nothing but a User's `active` — Okta's deactivation
// `{"op":"replace","value":{"active":false}}`, Entra ID's `{"op":"Replace","path":"active","value":"False"}` —
// so the server can apply it without reading the resource first. Paths and values are resolved by
// the same code applyPatch uses (resolveTarget, pathlessTargets, the attribute's value schema):
// whatever this accepts, applyPatch applies as exactly that one change.
import { sameName } from "../schemas/lookup";
import type { ResourceTypeDefinition } from "../schemas/types";
import { attributeValueSchema } from "../resource/attribute-values";
import { pathlessTargets, type TargetedValue } from "./pathless";
import type { PatchOperation } from "./request";
import { resolveTarget } from "./target";

/**
 * The value `active` ends with when `operations` change nothing else, else undefined (anything
 * else, a remove, a null or invalid value, a path applyPatch would refuse: the caller takes the
 * general way, which decides — and reports — those).
 */
export function activeOnlyValue(resourceType: ResourceTypeDefinition, operations: PatchOperation[]): boolean | undefined {
  let result: boolean | undefined;
  for (const operation of operations) {
    if (operation.op === "remove" || operation.value === undefined || operation.value === null) return undefined;
    let targets: TargetedValue[];
    try {
      targets = operation.path !== undefined ? [{ target: resolveTarget(resourceType, operation.path, "invalidPath"), value: operation.value }] : pathlessTargets(resourceType, operation.value);
    } catch {
      return undefined;
    }
    if (targets.length === 0) return undefined;
    for (const { target, value } of targets) {
      if (target.kind !== "attribute" || target.extension || target.subAttribute || target.filter || !sameName(target.attribute.name, "active") || target.attribute.type !== "boolean") return undefined;
      const parsed = attributeValueSchema(target.attribute).safeParse(value);
      if (!parsed.success || typeof parsed.data !== "boolean") return undefined;
      result = parsed.data;
    }
  }
  return result;
}
