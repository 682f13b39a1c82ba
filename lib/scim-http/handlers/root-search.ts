// POST /.search (RFC 7644 §3.4.3) across both resource types. The filter is checked against each
// type; a type whose schema does not know an attribute of the filter contributes nothing (and
// when neither knows it, the request is a 400 invalidFilter). Results are Users then Groups,
// each in its own stable order; startIndex/count page across the concatenation and
// totalResults is the sum of the two COUNTs.
import { ScimError } from "@/lib/scim/errors";
import { validateFilter } from "@/lib/scim/filter/validate";
import { buildListResponse, parseSearchRequest, type ListQuery } from "@/lib/scim/list";
import { findAttribute } from "@/lib/scim/schemas/lookup";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import type { ResourceTypeDefinition } from "@/lib/scim/schemas/types";
import type { ScimContext, ScimRequest, ScimResponse } from "../types";
import { respondWithGroupList } from "./groups";
import { respondWithUserList } from "./users";

function applies(query: ListQuery, resourceType: ResourceTypeDefinition): boolean {
  if (!query.filter) return true;
  try {
    validateFilter(query.filter, resourceType);
    return true;
  } catch {
    return false;
  }
}

/** sortBy only applies to a type that has the attribute; the other keeps its default order. */
function forType(query: ListQuery, resourceType: ResourceTypeDefinition, startIndex: number, count: number): ListQuery {
  const sortBy = query.sortBy && findAttribute(resourceType, query.sortBy) ? query.sortBy : undefined;
  return { ...query, sortBy, startIndex, count };
}

interface ListBody {
  totalResults: number;
  Resources: unknown[];
}

export async function searchAll(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
  const query = parseSearchRequest(request.body, { maxResults: ctx.limits.maxResults, defaultCount: Math.min(100, ctx.limits.maxResults) });
  const types = [USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE].filter((type) => applies(query, type));
  if (types.length === 0) {
    // Report the first type's complaint: the filter names something no resource type has.
    validateFilter(query.filter!, USER_RESOURCE_TYPE);
    throw new ScimError(400, "invalidFilter", "The filter applies to no resource type");
  }
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
