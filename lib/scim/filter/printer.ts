// Filter AST → canonical filter text: lower-case keywords, JSON string literals, and only the
// parentheses the tree shape needs, so parseFilter(printFilter(ast)) rebuilds `ast` exactly.
import { formatAttributePath } from "../paths";
import type { Filter, FilterValue } from "./ast";

export function printFilter(filter: Filter): string {
  switch (filter.op) {
    case "compare":
      return `${formatAttributePath(filter.path)} ${filter.operator} ${printValue(filter.value)}`;
    case "present":
      return `${formatAttributePath(filter.path)} pr`;
    case "valuePath":
      return `${formatAttributePath(filter.path)}[${printFilter(filter.filter)}]`;
    case "not":
      return `not (${printFilter(filter.filter)})`;
    // and/or parse left-associatively, so a right operand of the same operator needs parentheses.
    case "and":
      return `${printOperand(filter.left, ["or"])} and ${printOperand(filter.right, ["or", "and"])}`;
    case "or":
      return `${printFilter(filter.left)} or ${printOperand(filter.right, ["or"])}`;
  }
}

function printOperand(filter: Filter, needParentheses: Filter["op"][]): string {
  const text = printFilter(filter);
  return needParentheses.includes(filter.op) ? `(${text})` : text;
}

export function printValue(value: FilterValue): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Object.is(value, -0)) return "-0";
  return String(value);
}
