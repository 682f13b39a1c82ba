// Attributes of extension schemas this server has no definition for are kept as sent (under
// their URN key) so nothing a client provisions is lost; without a schema there is nothing to
// validate, so values are stored verbatim.
import { findKey, isPlainObject, type JsonObject } from "../resource/json";
import type { PatchOpName } from "./request";
import type { UnknownExtensionTarget } from "./target";

export function applyToUnknownExtension(resource: JsonObject, op: PatchOpName, target: UnknownExtensionTarget, value: unknown): void {
  const schemaKey = findKey(resource, target.schema) ?? target.schema;
  const bag: JsonObject = isPlainObject(resource[schemaKey]) ? { ...resource[schemaKey] } : {};
  const attributeKey = findKey(bag, target.attribute) ?? target.attribute;
  const unassigns = op === "remove" || value === null;
  // Stored verbatim, but as a copy: the result must not share objects with the request.
  value = structuredClone(value);
  const current = bag[attributeKey];

  if (target.subAttribute !== undefined) {
    const element: JsonObject = isPlainObject(current) ? { ...current } : {};
    const subKey = findKey(element, target.subAttribute) ?? target.subAttribute;
    if (unassigns) delete element[subKey];
    else element[subKey] = value;
    setOrDelete(bag, attributeKey, Object.keys(element).length > 0 ? element : undefined);
  } else if (unassigns) {
    delete bag[attributeKey];
  } else if (op === "add" && Array.isArray(current)) {
    // An array already there is taken as multi-valued: add appends.
    bag[attributeKey] = [...current, ...(Array.isArray(value) ? value : [value])];
  } else {
    bag[attributeKey] = value;
  }
  setOrDelete(resource, schemaKey, Object.keys(bag).length > 0 ? bag : undefined);
}

function setOrDelete(record: JsonObject, key: string, value: unknown): void {
  if (value === undefined) delete record[key];
  else record[key] = value;
}
