// List and search requests (RFC 7644 §3.4.2, §3.4.3): query parameters or a SearchRequest body
// in, a validated ListQuery out; and the ListResponse envelope.
import { z } from "zod";
import { ScimError } from "./errors";
import type { AttributePath, Filter } from "./filter/ast";
import { parseAttributePath } from "./filter/attribute-path";
import { checkFilterComplexity, type FilterComplexityLimits } from "./filter/complexity";
import { parseFilter } from "./filter/parser";
import { validateFilter } from "./filter/validate";
import type { ProjectionParams } from "./projection";
import { canonicalPath, findAttribute, sameName } from "./schemas/lookup";
import { RESOURCE_TYPES } from "./schemas/resource-types";
import type { ResourceTypeDefinition } from "./schemas/types";

export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export type SortOrder = "ascending" | "descending";

export interface ListOptions {
  /** When given, filter and sortBy attributes are checked against its schemas and made canonical. */
  resourceType?: ResourceTypeDefinition;
  /** Page size when the client names none; defaults to maxResults. */
  defaultCount?: number;
  /** The most resources one page may hold (ServiceProviderConfig filter.maxResults). */
  maxResults: number;
  /** Caps on the filter's terms (./filter/complexity.ts); none when absent. */
  filterLimits?: FilterComplexityLimits;
}

export interface ListQuery extends ProjectionParams {
  startIndex: number;
  count: number;
  filter?: Filter;
  sortBy?: AttributePath;
  sortOrder: SortOrder;
}

export type QueryInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** Raw values as they arrive, before validation; the two request forms meet here. */
interface RawListRequest {
  filter?: string;
  sortBy?: string;
  sortOrder?: string;
  startIndex?: string | number;
  count?: string | number;
  attributes?: string[];
  excludedAttributes?: string[];
}

const SCALAR_PARAMETERS = ["filter", "sortBy", "sortOrder", "startIndex", "count"] as const;
const LIST_PARAMETERS = ["attributes", "excludedAttributes"] as const;

/** GET /Users?… — parameter names are matched case-insensitively. */
export function parseListQuery(query: QueryInput, options: ListOptions): ListQuery {
  const raw: RawListRequest = {};
  for (const name of SCALAR_PARAMETERS) {
    const values = queryValues(query, name);
    if (values.length > 1) throw invalidValue(`Parameter '${name}' is given more than once`);
    if (values.length === 1 && values[0] !== "") raw[name] = values[0];
  }
  Object.assign(raw, parseProjectionQuery(query));
  return toListQuery(raw, options);
}

/** `attributes`/`excludedAttributes` of any GET, comma-separated and possibly repeated. */
export function parseProjectionQuery(query: QueryInput): ProjectionParams {
  const params: ProjectionParams = {};
  for (const name of LIST_PARAMETERS) {
    const names = splitNames(queryValues(query, name));
    if (names.length > 0) params[name] = names;
  }
  return params;
}

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);
const integerLike = optional(z.union([z.number(), z.string()]));
const nameList = optional(z.union([z.array(z.string()), z.string()]));
const SEARCH_REQUEST = z.object({
  schemas: z.array(z.string()),
  filter: optional(z.string()),
  sortBy: optional(z.string()),
  sortOrder: optional(z.string()),
  startIndex: integerLike,
  count: integerLike,
  attributes: nameList,
  excludedAttributes: nameList,
});

/** POST /.search body (RFC 7644 §3.4.3); member names are matched case-insensitively. */
export function parseSearchRequest(body: unknown, options: ListOptions): ListQuery {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ScimError(400, "invalidSyntax", "A SearchRequest must be a JSON object");
  }
  const parsed = SEARCH_REQUEST.safeParse(canonicalKeys(body as Record<string, unknown>, Object.keys(SEARCH_REQUEST.shape)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0]);
    if (field === "schemas") throw missingSchema();
    throw invalidValue(`SearchRequest member '${field}' is invalid: ${issue.message}`);
  }
  const { schemas, attributes, excludedAttributes, ...rest } = parsed.data;
  if (!schemas.some((schema) => sameName(schema, SEARCH_REQUEST_SCHEMA))) throw missingSchema();
  const raw: RawListRequest = { ...rest };
  const [included, excluded] = [attributes, excludedAttributes].map((value) => splitNames(value === undefined ? [] : [value].flat()));
  if (included.length > 0) raw.attributes = included;
  if (excluded.length > 0) raw.excludedAttributes = excluded;
  return toListQuery(raw, options);
}

function toListQuery(raw: RawListRequest, options: ListOptions): ListQuery {
  if (raw.attributes && raw.excludedAttributes) {
    throw invalidValue("Use either 'attributes' or 'excludedAttributes', not both");
  }
  for (const name of [...(raw.attributes ?? []), ...(raw.excludedAttributes ?? [])]) parseAttributePath(name, "invalidValue");
  const query: ListQuery = {
    // RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative count means 0.
    startIndex: Math.max(1, integer(raw.startIndex, "startIndex") ?? 1),
    count: Math.min(options.maxResults, Math.max(0, integer(raw.count, "count") ?? options.defaultCount ?? options.maxResults)),
    sortOrder: sortOrder(raw.sortOrder),
  };
  if (raw.filter !== undefined) query.filter = filter(raw.filter, options);
  if (raw.sortBy !== undefined) query.sortBy = sortBy(raw.sortBy, options.resourceType);
  if (raw.attributes) query.attributes = raw.attributes;
  if (raw.excludedAttributes) query.excludedAttributes = raw.excludedAttributes;
  return query;
}

function integer(value: string | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === "number" ? value : /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(number)) throw invalidValue(`'${name}' must be an integer`);
  // Beyond 2^53 integers lose precision; such an index or count is out of reach anyway.
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, number));
}

function sortOrder(value: string | undefined): SortOrder {
  if (value === undefined) return "ascending";
  const lower = value.toLowerCase();
  if (lower === "ascending" || lower === "descending") return lower;
  throw invalidValue("'sortOrder' must be 'ascending' or 'descending'");
}

function filter(text: string, { resourceType, filterLimits }: ListOptions): Filter {
  const parsed = parseFilter(text);
  if (resourceType) validateFilter(parsed, resourceType);
  if (filterLimits) checkFilterComplexity(parsed, filterLimits, (path) => (resourceType ? [resourceType] : RESOURCE_TYPES).some((type) => isMultiValued(type, path)));
  return parsed;
}

/** `emails`, `emails.value`: an attribute that holds several values, or a member of one. */
function isMultiValued(resourceType: ResourceTypeDefinition, path: AttributePath): boolean {
  const resolved = findAttribute(resourceType, path);
  return Boolean(resolved && (resolved.definition.multiValued || resolved.parent?.multiValued));
}

function sortBy(text: string, resourceType: ResourceTypeDefinition | undefined): AttributePath {
  const path = parseAttributePath(text, "invalidValue");
  if (!resourceType) return path;
  const resolved = findAttribute(resourceType, path);
  // Sorting by a never-returned attribute (password) would leak its order.
  if (!resolved || resolved.definition.returned === "never") throw invalidValue(`Cannot sort by '${text}'`);
  // A multi-valued attribute sorts by its primary value's text (`emails`, `emails.value`); its
  // boolean or complex members (`emails.primary`) have no order of their own.
  if (resolved.parent?.multiValued && !["string", "reference"].includes(resolved.definition.type)) {
    throw invalidValue(`Cannot sort by '${text}': sort by a text sub-attribute such as '${resolved.attribute}.value'`);
  }
  return canonicalPath(resolved);
}

export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** RFC 7644 §3.4.2 ListResponse; `Resources` is present even when empty (some clients insist). */
export function buildListResponse<T>(resources: T[], page: { totalResults: number; startIndex: number }): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

function queryValues(query: QueryInput, name: string): string[] {
  const entries: [string, string | string[] | undefined][] =
    query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query);
  return entries.filter(([key]) => sameName(key, name)).flatMap(([, value]) => (value === undefined ? [] : [value].flat()));
}

const splitNames = (values: string[]): string[] =>
  values.flatMap((value) => value.split(",")).map((name) => name.trim()).filter((name) => name !== "");

function canonicalKeys(body: Record<string, unknown>, names: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) result[names.find((name) => sameName(name, key)) ?? key] = value;
  return result;
}

const invalidValue = (detail: string) => new ScimError(400, "invalidValue", detail);
const missingSchema = () => new ScimError(400, "invalidSyntax", `A SearchRequest must list the schema '${SEARCH_REQUEST_SCHEMA}'`);
