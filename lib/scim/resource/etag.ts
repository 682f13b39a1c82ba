// Resource versions as ETags (RFC 7644 §3.14, RFC 9110 §8.8.3). Versions are integers the data
// layer bumps on every write; they are served as weak ETags, since two versions' representations
// may be byte-different for the same state (attribute projection, member loading).
import { ScimError } from "../errors";

export const etag = (version: number): string => `W/"${version}"`;

export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** `*` (any current representation) or a list of entity tags. */
export type EtagCondition = "*" | EntityTag[];

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE. Unquoted tags (`W/3`, `3`) are accepted too: some
// clients send them, and they cannot be confused with anything else.
const ENTITY_TAG = /\s*(W\/)?(?:"([^"]*)"|([^\s,"]+))\s*(?:,|$)/iy;

/**
 * Parses an If-Match / If-None-Match header; undefined when absent or blank.
 * Malformed → ScimError 400 invalidSyntax.
 */
export function parseEtag(header: string | null | undefined): EtagCondition | undefined {
  if (header === null || header === undefined || header.trim() === "") return undefined;
  if (header.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < header.length) {
    const match = ENTITY_TAG.exec(header);
    if (!match) throw new ScimError(400, "invalidSyntax", `Malformed entity tag list: ${header}`);
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? match[3] });
  }
  return tags;
}

/**
 * Whether a condition holds for the resource's current version. Comparison is weak (RFC 9110
 * §8.8.3.2): this server only issues weak tags, and SCIM clients send them back in If-Match
 * (RFC 7644 §3.14), which strong comparison would always reject.
 */
export function etagMatches(condition: EtagCondition, version: number): boolean {
  return condition === "*" || condition.some((tag) => tag.opaque === String(version));
}
