// POST /.search (RFC 7644 §3.4.3) across both resource types. Every attribute of the filter must
// be known to at least one type (else 400 invalidFilter); within a type, an attribute only the
// other type has is unassigned (`displayName pr or userName sw "a"` finds users and groups).
// Results are Users then Groups,
// each in its own stable order; startIndex/count page across the concatenation and
// totalResults is the sum of the two COUNTs.
import { ScimError } from "@/lib/scim/errors";
import { validateFilter } from "@/lib/scim/filter/validate";
import { buildListResponse, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import type { AttributePath, Filter } from "@/lib/scim/filter/ast";
import { formatAttributePath } from "@/lib/scim/paths";
import { findAttribute } from "@/lib/scim/schemas/lookup";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import type { ResourceTypeDefinition } from "@/lib/scim/schemas/types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { respondWithGroupList } from "./groups";
import { respondWithUserList } from "./users";

const TYPES = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE];

/** The attribute paths a filter names, value-filter paths made absolute (`emails.type`). */
function pathsOf(filter: Filter, parent?: AttributePath): AttributePath[] {
  switch (filter.op) {
    case "and":
    case "or":
      return [...pathsOf(filter.left, parent), ...pathsOf(filter.right, parent)];
    case "not":
      return pathsOf(filter.filter, parent);
    case "valuePath":
      return [filter.path, ...pathsOf(filter.filter, filter.path)];
    default:
      return [parent ? { ...parent, subAttribute: filter.path.attribute } : filter.path];
  }
}

/** 400 invalidFilter for an attribute no resource type has; otherwise each type's own checks on what it knows. */
function checkFilter(filter: Filter): void {
  for (const path of pathsOf(filter)) {
    if (!TYPES.some((type) => findAttribute(type, path))) {
      // Let the schema-aware validator phrase the error.
      validateFilter({ op: "present", path }, USER_RESOURCE_TYPE);
      throw new ScimError(400, "invalidFilter", `Unknown attribute '${formatAttributePath(path)}'`);
    }
  }
}

/** sortBy only applies to a type that has the attribute; the other keeps its default order. */
function forType(query: ListQuery, resourceType: ResourceTypeDefinition, startIndex: number, count: number): ListQuery & { unknownAttributesAsAbsent: boolean } {
  const sortBy = query.sortBy && findAttribute(resourceType, query.sortBy) ? query.sortBy : undefined;
  return { ...query, sortBy, startIndex, count, unknownAttributesAsAbsent: true };
}

interface ListBody {
  totalResults: number;
  Resources: unknown[];
}

export async function searchAll(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const query = parseSearchRequest(request.body, { maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults), filterLimits: ctx.limits.filter });
  if (query.filter) checkFilter(query.filter);
  const types = TYPES;
  const run = (type: ResourceTypeDefinition, q: ListQuery) =>
    (type === USER_RESOURCE_TYPE ? respondWithUserList(ctx, q) : respondWithGroupList(ctx, q)).then((r) => r.body as ListBody);

  const resources: unknown[] = [];
  let total = 0;
  let skip = query.startIndex - 1;
  let remaining = query.count;
  for (const type of types) {
    // First only the count (count=0), then the slice of this type the page needs.
    const counted = await run(type, forType(query, type, 1, 0));
    total += counted.totalResults;
    if (remaining > 0 && skip < counted.totalResults) {
      const page = await run(type, forType(query, type, skip + 1, remaining));
      resources.push(...page.Resources);
      remaining -= page.Resources.length;
    }
    skip = Math.max(0, skip - counted.totalResults);
  }
  return { status: 200, body: buildListResponse(resources, { totalResults: total, startIndex: query.startIndex }) };
}
