import { ScimError, type ScimType } from "../errors";
import { readAttributePath } from "../paths";
import type { AttributePath } from "./ast";

/**
 * Parses one attribute path as used by `attributes=`, `excludedAttributes=` and `sortBy=`
 * (RFC 7644 §3.10), e.g. `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`.
 * Surrounding whitespace is ignored; anything else malformed is a 400 with `scimType`.
 */
export function parseAttributePath(text: string, scimType: ScimType = "invalidPath"): AttributePath {
  const path = readAttributePath(text.trim());
  if (!path) throw new ScimError(400, scimType, `Invalid attribute path '${text}'`);
  return path;
}
