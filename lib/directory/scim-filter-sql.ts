// SCIM filter AST (lib/scim/filter) → a parameterized SQL boolean expression over "Member" m or
// "Group" g, so that list/search requests are answered by the database (index use, COUNT,
// OFFSET/LIMIT) instead of loading the directory. Every value travels as a bind parameter
// (Prisma.sql); only identifiers from the mapping tables below are spliced into the text.
//
// Semantics follow lib/scim/filter/evaluate.ts (matchesFilter) so SQL and in-memory evaluation
// agree: case-insensitive attributes compare lower()-ed, in "C" (so `userName eq` hits the unique
// index on lower("userName") COLLATE "C"; equality is the same in every collation), `ne` is "no value equals" (an absent value matches), `eq null` is
// absence, `pr` is a non-empty value, multi-valued attributes match when any value does.
// Every expression yields TRUE or FALSE, never NULL, so `not (...)` is exact.
import { Prisma } from "@/lib/generated/prisma/client";
import { ScimError } from "@/lib/scim/errors";
import type { AttributePath, CompareOperator, Filter, FilterValue } from "@/lib/scim/filter/ast";
import { formatAttributePath } from "@/lib/scim/paths";
import { findAttribute, type ResolvedAttribute } from "@/lib/scim/schemas/lookup";
import {
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  type ResourceTypeDefinition,
} from "@/lib/scim/schemas/types";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";

const sql = Prisma.sql;
const raw = Prisma.raw;

type ScalarType = "string" | "boolean" | "dateTime" | "uuid";

/** One value per row: a column, a JSON member or a constant. */
interface Scalar {
  kind: "scalar";
  expr: Prisma.Sql;
  type: ScalarType;
  caseExact: boolean;
  /** false when the expression can never be NULL (NOT NULL columns, constants). */
  nullable: boolean;
}

/** A multi-valued attribute: a set of rows per resource, each with sub-attributes. */
interface Collection {
  kind: "collection";
  /** Elements of a JSON array (alias e(v)): sortable by their primary element. */
  json?: boolean;
  /** `FROM … WHERE <correlation>`; conditions are appended with AND. */
  from: Prisma.Sql;
  /** Canonical sub-attribute name → scalar inside `from`. */
  subs: Record<string, Scalar | null>;
  /** The sub-attribute compared when the attribute is compared as a whole. */
  valueSub?: string;
}

/** A single-valued complex attribute (name, manager, meta): its sub-attributes are scalars. */
interface Complex {
  kind: "complex";
  subs: Record<string, Scalar | null>;
}

type Mapping = Scalar | Collection | Complex;

// ---------------------------------------------------------------------------------------------
// Mapping tables. Keys are `<schema URN>:<canonical attribute>`; null = known to the schema but
// not filterable here (400 invalidFilter).

const column = (alias: string, name: string, type: ScalarType, caseExact: boolean, nullable = true): Scalar => ({
  kind: "scalar",
  expr: raw(`${alias}."${name}"`),
  type,
  caseExact,
  nullable,
});

const constant = (text: string): Scalar => ({ kind: "scalar", expr: sql`${text}::text`, type: "string", caseExact: true, nullable: false });

/** Sub-attribute of a JSON array element aliased `e(v)`. */
const jsonSub = (name: string, type: ScalarType = "string", caseExact = false): Scalar => ({
  kind: "scalar",
  expr:
    type === "boolean"
      ? raw(`(CASE jsonb_typeof(e.v->'${name}') WHEN 'boolean' THEN (e.v->>'${name}')::boolean END)`)
      : raw(`(e.v->>'${name}')`),
  type,
  caseExact,
  nullable: true,
});

const multiValuedJson = (source: string, valueType: ScalarType = "string", extraSubs: string[] = []): Collection => ({
  kind: "collection",
  from: raw(
    `FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${source}) = 'array' THEN ${source} ELSE '[]'::jsonb END) AS e(v) WHERE jsonb_typeof(e.v) = 'object'`,
  ),
  json: true,
  subs: {
    value: jsonSub("value", valueType),
    display: jsonSub("display"),
    type: jsonSub("type"),
    primary: jsonSub("primary", "boolean"),
    ...Object.fromEntries(extraSubs.map((name) => [name, jsonSub(name)])),
  },
  valueSub: "value",
});

const extra = (attribute: string) => `m."extra"->'${attribute}'`;

const USER = (attribute: string) => `${USER_SCHEMA}:${attribute}`;
const ENTERPRISE = (attribute: string) => `${ENTERPRISE_USER_SCHEMA}:${attribute}`;
const GROUP = (attribute: string) => `${GROUP_SCHEMA}:${attribute}`;

function metaOf(alias: string, resourceType: string): Complex {
  return {
    kind: "complex",
    subs: {
      resourceType: constant(resourceType),
      created: column(alias, "createdAt", "dateTime", true, false),
      lastModified: column(alias, "updatedAt", "dateTime", true, false),
      version: { kind: "scalar", expr: raw(`('W/"' || ${alias}."version" || '"')`), type: "string", caseExact: true, nullable: false },
      location: null,
    },
  };
}

export const USER_FILTER_MAPPINGS: Record<string, Mapping | null> = {
  [USER("id")]: column("m", "id", "uuid", true, false),
  [USER("externalId")]: column("m", "externalId", "string", true),
  [USER("meta")]: metaOf("m", "User"),
  [USER("userName")]: column("m", "userName", "string", false, false),
  [USER("name")]: {
    kind: "complex",
    subs: {
      formatted: column("m", "formattedName", "string", false),
      familyName: column("m", "familyName", "string", false),
      givenName: column("m", "givenName", "string", false),
      middleName: column("m", "middleName", "string", false),
      honorificPrefix: column("m", "honorificPrefix", "string", false),
      honorificSuffix: column("m", "honorificSuffix", "string", false),
    },
  },
  [USER("displayName")]: column("m", "displayName", "string", false),
  [USER("nickName")]: column("m", "nickName", "string", false),
  [USER("profileUrl")]: { kind: "scalar", expr: raw(`(m."extra"->>'profileUrl')`), type: "string", caseExact: false, nullable: true },
  [USER("title")]: column("m", "title", "string", false),
  [USER("userType")]: column("m", "userType", "string", false),
  [USER("preferredLanguage")]: column("m", "preferredLanguage", "string", false),
  [USER("locale")]: column("m", "locale", "string", false),
  [USER("timezone")]: column("m", "timezone", "string", false),
  [USER("active")]: column("m", "active", "boolean", true, false),
  [USER("password")]: null,
  [USER("emails")]: multiValuedJson(`m."emails"`),
  [USER("phoneNumbers")]: multiValuedJson(extra("phoneNumbers")),
  [USER("ims")]: multiValuedJson(extra("ims")),
  [USER("photos")]: multiValuedJson(extra("photos")),
  [USER("addresses")]: {
    ...multiValuedJson(extra("addresses"), "string", ["formatted", "streetAddress", "locality", "region", "postalCode", "country"]),
    valueSub: undefined,
  },
  [USER("groups")]: {
    kind: "collection",
    from: raw(`FROM "GroupMembership" gm JOIN "Group" g2 ON g2."id" = gm."groupId" WHERE gm."memberId" = m."id"`),
    subs: {
      value: column("gm", "groupId", "uuid", true, false),
      display: column("g2", "displayName", "string", false, false),
      type: constant("direct"),
      $ref: null,
    },
    valueSub: "value",
  },
  [USER("entitlements")]: multiValuedJson(extra("entitlements")),
  [USER("roles")]: multiValuedJson(extra("roles")),
  [USER("x509Certificates")]: multiValuedJson(extra("x509Certificates")),
  [ENTERPRISE("employeeNumber")]: column("m", "employeeNumber", "string", false),
  [ENTERPRISE("costCenter")]: column("m", "costCenter", "string", false),
  [ENTERPRISE("organization")]: column("m", "organization", "string", false),
  [ENTERPRISE("division")]: column("m", "division", "string", false),
  [ENTERPRISE("department")]: column("m", "department", "string", false),
  [ENTERPRISE("manager")]: {
    kind: "complex",
    subs: {
      value: column("m", "managerValue", "string", false),
      displayName: column("m", "managerDisplayName", "string", false),
      $ref: null,
    },
  },
};

export const GROUP_FILTER_MAPPINGS: Record<string, Mapping | null> = {
  [GROUP("id")]: column("g", "id", "uuid", true, false),
  [GROUP("externalId")]: column("g", "externalId", "string", true),
  [GROUP("meta")]: metaOf("g", "Group"),
  [GROUP("displayName")]: column("g", "displayName", "string", false, false),
  [GROUP("members")]: {
    kind: "collection",
    from: raw(`FROM "GroupMembership" gm JOIN "Member" mm ON mm."id" = gm."memberId" WHERE gm."groupId" = g."id"`),
    subs: {
      value: column("gm", "memberId", "uuid", true, false),
      display: { kind: "scalar", expr: raw(`COALESCE(mm."displayName", mm."userName")`), type: "string", caseExact: false, nullable: false },
      type: constant("User"),
      $ref: null,
    },
    valueSub: "value",
  },
};

interface Target {
  resourceType: ResourceTypeDefinition;
  mappings: Record<string, Mapping | null>;
  /**
   * Root /.search runs one filter against every resource type: an attribute a type does not
   * define is then unassigned there (`eq` false, `ne` true, `pr` false) instead of a 400.
   */
  unknownAsAbsent?: boolean;
}

export const USER_TARGET: Target = { resourceType: USER_RESOURCE_TYPE, mappings: USER_FILTER_MAPPINGS };
export const GROUP_TARGET: Target = { resourceType: GROUP_RESOURCE_TYPE, mappings: GROUP_FILTER_MAPPINGS };

// ---------------------------------------------------------------------------------------------

const invalidFilter = (detail: string) => new ScimError(400, "invalidFilter", detail);
const TRUE = sql`TRUE`;
const FALSE = sql`FALSE`;

class AbsentAttribute extends Error {}

function resolve(target: Target, path: AttributePath): ResolvedAttribute {
  const resolved = findAttribute(target.resourceType, path);
  if (!resolved && target.unknownAsAbsent) throw new AbsentAttribute();
  if (!resolved) throw invalidFilter(`Unknown attribute '${formatAttributePath(path)}'`);
  if (resolved.definition.returned === "never" || resolved.parent?.returned === "never") {
    throw invalidFilter(`Attribute '${formatAttributePath(path)}' cannot be filtered on`);
  }
  return resolved;
}

function mappingOf(target: Target, resolved: ResolvedAttribute, path: AttributePath): Mapping {
  const mapping = target.mappings[`${resolved.schema}:${resolved.attribute}`];
  if (!mapping) throw invalidFilter(`Filtering on '${formatAttributePath(path)}' is not supported`);
  return mapping;
}

function subOf(subs: Record<string, Scalar | null>, name: string | undefined, path: AttributePath): Scalar {
  const scalar = name === undefined ? undefined : subs[name];
  if (!scalar) throw invalidFilter(`Filtering on '${formatAttributePath(path)}' is not supported`);
  return scalar;
}

/** The filter as a SQL boolean expression over alias m (users) or g (groups). */
export function filterToSql(filter: Filter, target: Target): Prisma.Sql {
  switch (filter.op) {
    case "and":
      return sql`(${filterToSql(filter.left, target)} AND ${filterToSql(filter.right, target)})`;
    case "or":
      return sql`(${filterToSql(filter.left, target)} OR ${filterToSql(filter.right, target)})`;
    case "not":
      return sql`(NOT ${filterToSql(filter.filter, target)})`;
    case "present":
    case "compare":
      try {
        return attributeExpression(filter, target);
      } catch (error) {
        if (!(error instanceof AbsentAttribute)) throw error;
        // Unassigned: only `ne <value>` and `eq null` hold.
        const holds = filter.op === "compare" && ((filter.operator === "ne" && filter.value !== null) || (filter.operator === "eq" && filter.value === null));
        return holds ? TRUE : FALSE;
      }
    case "valuePath": {
      if (target.unknownAsAbsent && !findAttribute(target.resourceType, filter.path)) return FALSE;
      const resolved = resolve(target, filter.path);
      const mapping = mappingOf(target, resolved, filter.path);
      if (mapping.kind !== "collection") throw invalidFilter(`Attribute '${formatAttributePath(filter.path)}' takes no value filter`);
      return sql`EXISTS (SELECT 1 ${mapping.from} AND ${elementFilter(filter.filter, mapping, filter.path)})`;
    }
  }
}

/** The inside of `attr[…]`: paths are sub-attributes of the collection's element. */
function elementFilter(filter: Filter, collection: Collection, parent: AttributePath): Prisma.Sql {
  switch (filter.op) {
    case "and":
      return sql`(${elementFilter(filter.left, collection, parent)} AND ${elementFilter(filter.right, collection, parent)})`;
    case "or":
      return sql`(${elementFilter(filter.left, collection, parent)} OR ${elementFilter(filter.right, collection, parent)})`;
    case "not":
      return sql`(NOT ${elementFilter(filter.filter, collection, parent)})`;
    case "valuePath":
      throw invalidFilter("Value filters cannot be nested");
    case "present":
    case "compare": {
      const name = canonicalSub(collection, filter.path.attribute);
      const scalar = subOf(collection.subs, name, { ...parent, subAttribute: filter.path.attribute });
      return filter.op === "present" ? present(scalar) : compare(scalar, filter.operator, filter.value);
    }
  }
}

const canonicalSub = (holder: { subs: Record<string, unknown> }, name: string) =>
  Object.keys(holder.subs).find((key) => key.toLowerCase() === name.toLowerCase());

function attributeExpression(filter: Extract<Filter, { op: "present" | "compare" }>, target: Target): Prisma.Sql {
  const resolved = resolve(target, filter.path);
  const mapping = mappingOf(target, resolved, filter.path);
  const test = (scalar: Scalar) => (filter.op === "present" ? present(scalar) : compare(scalar, filter.operator, filter.value));

  switch (mapping.kind) {
    case "scalar":
      return test(mapping);
    case "complex": {
      if (resolved.subAttribute !== undefined) return test(subOf(mapping.subs, resolved.subAttribute, filter.path));
      if (filter.op === "present") {
        const parts = Object.values(mapping.subs).filter((s): s is Scalar => s !== null).map(present);
        return sql`(${Prisma.join(parts, " OR ")})`;
      }
      return test(subOf(mapping.subs, "value", filter.path));
    }
    case "collection": {
      const subName = resolved.subAttribute ?? (filter.op === "compare" ? mapping.valueSub : undefined);
      if (subName === undefined && filter.op === "compare") {
        throw invalidFilter(`Attribute '${formatAttributePath(filter.path)}' is complex; compare one of its sub-attributes`);
      }
      if (subName === undefined) {
        // `emails pr`: some element has a non-empty sub-attribute.
        const parts = Object.values(mapping.subs).filter((s): s is Scalar => s !== null).map(present);
        return sql`EXISTS (SELECT 1 ${mapping.from} AND (${Prisma.join(parts, " OR ")}))`;
      }
      const scalar = subOf(mapping.subs, subName, filter.path);
      if (filter.op === "present") return sql`EXISTS (SELECT 1 ${mapping.from} AND ${present(scalar)})`;
      // Multi-valued: `ne` and `eq null` hold when no value is equal / present (as matchesFilter).
      if (filter.value === null) {
        const any = sql`EXISTS (SELECT 1 ${mapping.from} AND ${present(scalar)})`;
        return filter.operator === "eq" ? sql`(NOT ${any})` : any;
      }
      if (filter.operator === "ne") {
        return sql`(NOT EXISTS (SELECT 1 ${mapping.from} AND ${compare(scalar, "eq", filter.value)}))`;
      }
      return sql`EXISTS (SELECT 1 ${mapping.from} AND ${compare(scalar, filter.operator, filter.value)})`;
    }
  }
}

function present(scalar: Scalar): Prisma.Sql {
  if (!scalar.nullable) return scalar.type === "string" ? sql`(${scalar.expr} <> '')` : TRUE;
  return scalar.type === "string" ? sql`(${scalar.expr} IS NOT NULL AND ${scalar.expr} <> '')` : sql`(${scalar.expr} IS NOT NULL)`;
}

/** TRUE/FALSE for `scalar <op> value`, with `ne` meaning "not equal or absent". */
function compare(scalar: Scalar, operator: CompareOperator, value: FilterValue): Prisma.Sql {
  if (value === null) {
    // The parser only lets eq/ne take null: absence and presence.
    return operator === "eq" ? sql`(NOT ${present(scalar)})` : present(scalar);
  }
  if (operator === "ne") return sql`(NOT ${compare(scalar, "eq", value)})`;
  const expression = positiveCompare(scalar, operator, value);
  if (expression === TRUE || expression === FALSE) return expression;
  // A NULL operand would make the comparison NULL; guard so the result is FALSE instead.
  return scalar.nullable ? sql`(${scalar.expr} IS NOT NULL AND ${expression})` : expression;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ORDERING: Partial<Record<CompareOperator, string>> = { eq: "=", gt: ">", ge: ">=", lt: "<", le: "<=" };

function positiveCompare(scalar: Scalar, operator: Exclude<CompareOperator, "ne">, value: string | number | boolean): Prisma.Sql {
  switch (scalar.type) {
    case "boolean": {
      const bool = typeof value === "boolean" ? value : typeof value === "string" && /^(true|false)$/i.test(value) ? value.toLowerCase() === "true" : undefined;
      if (operator !== "eq") throw invalidFilter(`The '${operator}' operator cannot compare a boolean attribute`);
      if (bool === undefined) return FALSE;
      return sql`(${scalar.expr} = ${bool})`;
    }
    case "dateTime": {
      if (operator === "co" || operator === "sw" || operator === "ew") {
        throw invalidFilter(`The '${operator}' operator cannot compare a dateTime attribute`);
      }
      const time = typeof value === "string" ? Date.parse(value) : NaN;
      if (Number.isNaN(time)) throw invalidFilter(`'${String(value)}' is not a valid dateTime`);
      return sql`(${scalar.expr} ${raw(ORDERING[operator]!)} ${new Date(time)}::timestamptz)`;
    }
    case "uuid": {
      if (typeof value === "boolean") return FALSE;
      const text = String(value);
      // Equality on the uuid column itself keeps primary-key and foreign-key index use.
      if (operator === "eq") return UUID.test(text) ? sql`(${scalar.expr} = ${text}::uuid)` : FALSE;
      return stringCompare({ ...scalar, expr: sql`(${scalar.expr})::text`, type: "string", caseExact: false }, operator, text);
    }
    case "string":
      if (typeof value === "boolean") return FALSE; // matchesFilter: a string never equals a boolean
      return stringCompare(scalar, operator, String(value));
  }
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

function stringCompare(scalar: Scalar, operator: Exclude<CompareOperator, "ne">, text: string): Prisma.Sql {
  const fold = (expression: Prisma.Sql) => (scalar.caseExact ? expression : sql`lower(${expression})`);
  const left = fold(scalar.expr);
  switch (operator) {
    case "eq":
      return scalar.caseExact ? sql`(${left} = ${text})` : sql`(${left} COLLATE "C" = ${fold(sql`${text}`)})`;
    case "co":
      return sql`(${left} LIKE ${fold(sql`${`%${escapeLike(text)}%`}`)})`;
    case "sw":
      return sql`(${left} LIKE ${fold(sql`${`${escapeLike(text)}%`}`)})`;
    case "ew":
      return sql`(${left} LIKE ${fold(sql`${`%${escapeLike(text)}`}`)})`;
    default:
      // Byte order (as JavaScript compares strings), whatever the database's collation.
      return sql`(${left} COLLATE "C" ${raw(ORDERING[operator]!)} ${fold(sql`${text}`)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// sortBy (RFC 7644 §3.4.2.3): singular attributes sort by value, multi-valued ones by their
// primary (else first) value; relations (groups, members) are not sortable.

export function sortExpression(path: AttributePath, target: Target): Prisma.Sql {
  const resolved = findAttribute(target.resourceType, path);
  const unsortable = () => new ScimError(400, "invalidValue", `Cannot sort by '${formatAttributePath(path)}'`);
  if (!resolved || resolved.definition.returned === "never") throw unsortable();
  const mapping = target.mappings[`${resolved.schema}:${resolved.attribute}`];
  if (!mapping) throw unsortable();
  let scalar: Scalar | null | undefined;
  if (mapping.kind === "scalar") scalar = mapping;
  else if (mapping.kind === "complex") scalar = mapping.subs[resolved.subAttribute ?? "value"];
  else {
    const sub = resolved.subAttribute ?? mapping.valueSub;
    const inner = sub === undefined ? undefined : mapping.subs[sub];
    // Only JSON arrays (alias e) can be ordered by their primary element here.
    if (!inner || !mapping.json) throw unsortable();
    const primary = mapping.subs.primary!;
    const value = inner.caseExact ? inner.expr : sql`lower(${inner.expr})`;
    return sql`(SELECT ${value} ${mapping.from} ORDER BY ${primary.expr} IS TRUE DESC LIMIT 1) COLLATE "C"`;
  }
  if (!scalar) throw unsortable();
  if (scalar.type === "string") return scalar.caseExact ? sql`${scalar.expr} COLLATE "C"` : sql`lower(${scalar.expr}) COLLATE "C"`;
  return scalar.expr;
}
