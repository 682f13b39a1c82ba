// Attribute path syntax (RFC 7644 §3.10, RFC 7643 §2.1): `[URN ":"] ATTRNAME ["." subAttr]`.
// Pure syntax; resolving names against schemas is schemas/lookup.ts's job.
import type { AttributePath } from "./filter/ast";

// ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; "$ref" is the one exception.
const ATTRIBUTE_NAME = String.raw`(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)`;
// The URN is everything before the last colon; its own segments may contain dots ("2.0").
const PATH = new RegExp(String.raw`^(?:(urn(?::[^:\s]+)+):)?(${ATTRIBUTE_NAME})(?:\.(${ATTRIBUTE_NAME}))?$`, "i");
const NAME = new RegExp(`^${ATTRIBUTE_NAME}$`);

export const isAttributeName = (text: string): boolean => NAME.test(text);

/** Parses one attribute path, keeping names as written; undefined when the text is not one. */
export function readAttributePath(text: string): AttributePath | undefined {
  const match = PATH.exec(text);
  if (!match) return undefined;
  const [, schema, attribute, subAttribute] = match;
  return {
    ...(schema !== undefined && { schema }),
    attribute,
    ...(subAttribute !== undefined && { subAttribute }),
  };
}

export function formatAttributePath(path: AttributePath): string {
  const qualified = path.schema === undefined ? path.attribute : `${path.schema}:${path.attribute}`;
  return path.subAttribute === undefined ? qualified : `${qualified}.${path.subAttribute}`;
}
