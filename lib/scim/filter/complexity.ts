// How much work a parsed filter asks of the database, and the caps on it (issue 17): a filter of
// 500 `emails co` clauses held PostgreSQL for 14 s. Two counts: every term (a comparison or
// `pr`), and the expensive ones — substring matches (co, sw, ew: no index serves them) and terms
// on multi-valued attributes (each a search through a JSON array). The walk goes by node shape,
// not by a fixed list of node kinds: a node whose members include sub-filters is a connective
// (and, or, not, a value path `emails[…]`), and every term under a value path is multi-valued.
import { ScimError } from "../errors";
import type { AttributePath, Filter } from "./ast";

export interface FilterComplexityLimits {
  /** Most terms in one filter (SCIM_FILTER_MAX_TERMS). */
  maxTerms: number;
  /** Most co/sw/ew and multi-valued terms in one filter (SCIM_FILTER_MAX_EXPENSIVE_TERMS). */
  maxExpensiveTerms: number;
}

export interface FilterComplexity {
  terms: number;
  expensiveTerms: number;
}

/** Whether a path names a multi-valued attribute (or a sub-attribute of one); from the schemas. */
export type MultiValuedTest = (path: AttributePath) => boolean;

const SUBSTRING_OPERATORS = new Set(["co", "sw", "ew"]);

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && typeof (value as Node).op === "string";

export function measureFilter(filter: Filter, isMultiValued: MultiValuedTest = () => false): FilterComplexity {
  const result: FilterComplexity = { terms: 0, expensiveTerms: 0 };
  // Iterative: the parser bounds nesting, but this must not depend on it.
  const stack: { node: Node; multiValued: boolean }[] = [{ node: filter as unknown as Node, multiValued: false }];
  while (stack.length > 0) {
    const { node, multiValued } = stack.pop()!;
    const children = Object.values(node).filter(isNode);
    const path = isPath(node.path) ? node.path : undefined;
    if (children.length > 0) {
      // A value path's filter looks inside a multi-valued attribute.
      const inside = multiValued || (path !== undefined && node.op !== "and" && node.op !== "or" && node.op !== "not");
      for (const child of children) stack.push({ node: child, multiValued: inside });
      // A value path with its own comparison (`emails[type eq "work"].value eq "x"`) is a term too.
      if (path !== undefined && typeof node.operator === "string") count(result, node.operator, true);
      continue;
    }
    count(result, node.operator, multiValued || (path !== undefined && isMultiValued(path)));
  }
  return result;
}

function count(result: FilterComplexity, operator: unknown, multiValued: boolean): void {
  result.terms++;
  if (multiValued || (typeof operator === "string" && SUBSTRING_OPERATORS.has(operator))) result.expensiveTerms++;
}

const isPath = (value: unknown): value is AttributePath => typeof value === "object" && value !== null && typeof (value as AttributePath).attribute === "string";

/** 400 invalidFilter naming the limit when the filter asks for more than the limits allow. */
export function checkFilterComplexity(filter: Filter, limits: FilterComplexityLimits, isMultiValued?: MultiValuedTest): void {
  const { terms, expensiveTerms } = measureFilter(filter, isMultiValued);
  if (terms > limits.maxTerms) {
    throw new ScimError(400, "invalidFilter", `The filter has ${terms} terms; at most ${limits.maxTerms} are allowed (SCIM_FILTER_MAX_TERMS).`);
  }
  if (expensiveTerms > limits.maxExpensiveTerms) {
    throw new ScimError(
      400,
      "invalidFilter",
      `The filter has ${expensiveTerms} substring (co, sw, ew) or multi-valued terms; at most ${limits.maxExpensiveTerms} are allowed (SCIM_FILTER_MAX_EXPENSIVE_TERMS).`,
    );
  }
}
