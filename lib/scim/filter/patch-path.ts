// RFC 7644 §3.5.2 PATCH paths: `attrPath`, `attrPath[valFilter]`, `attrPath[valFilter].subAttr`,
// each optionally URN-qualified. Every failure is a ScimError(400, "invalidPath").
import type { AttributePath, Filter } from "./ast";
import { checkLength, Parser, TOP_LEVEL } from "./parser";

export interface PatchPath {
  /** The attribute the operation targets; holds the sub-attribute for `name.familyName`. */
  path: AttributePath;
  /** The value filter of `emails[type eq "work"]`; its paths are sub-attributes of `path`. */
  filter?: Filter;
  /** The sub-attribute after a value filter: `value` in `emails[type eq "work"].value`. */
  subAttribute?: string;
}

export function parsePatchPath(text: string): PatchPath {
  checkLength(text, "invalidPath");
  const parser = new Parser(text, "invalidPath");
  const path = parser.readPath(parser.next(), TOP_LEVEL);
  const result: PatchPath = { path };
  if (parser.peek().kind === "[") {
    const open = parser.next();
    if (path.subAttribute !== undefined) throw parser.error("A value filter cannot follow a sub-attribute", open);
    result.filter = parser.parseValueFilter(TOP_LEVEL, open);
    const subAttribute = parser.readSubAttribute();
    if (subAttribute !== undefined) result.subAttribute = subAttribute;
  }
  parser.expectEnd("Unexpected text after the path");
  return result;
}
