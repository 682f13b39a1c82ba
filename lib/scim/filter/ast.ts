// Typed AST for RFC 7644 §3.4.2.2 filters.

/**
 * An attribute path: optional schema URN, attribute name, optional sub-attribute.
 * Names are kept as written; matching against schemas is case-insensitive.
 * e.g. `name.familyName` → { attribute: "name", subAttribute: "familyName" }
 *      `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`
 *        → { schema: "urn:…:enterprise:2.0:User", attribute: "employeeNumber" }
 */
export interface AttributePath {
  schema?: string;
  attribute: string;
  subAttribute?: string;
}

export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

/** Literal values. Date-times stay strings (the consumer knows the attribute's type). */
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { op: "compare"; path: AttributePath; operator: CompareOperator; value: FilterValue }
  | { op: "present"; path: AttributePath }
  | { op: "and"; left: Filter; right: Filter }
  | { op: "or"; left: Filter; right: Filter }
  | { op: "not"; filter: Filter }
  /**
   * `emails[type eq "work"]`: `filter` paths are relative to the multi-valued attribute `path`.
   * `emails[type eq "work"].value eq "x"` (Entra ID) is parsed into this node as
   * `emails[type eq "work" and value eq "x"]`: no node of its own.
   */
  | { op: "valuePath"; path: AttributePath; filter: Filter };
