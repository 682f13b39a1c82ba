// Recursive-descent parser for RFC 7644 §3.4.2.2 filters. Precedence: not > and > or; and/or
// associate to the left. Nesting depth and input length are capped so hostile input is a 400,
// never a stack overflow.
import type { ScimType } from "../errors";
import { isAttributeName, readAttributePath } from "../paths";
import type { AttributePath, CompareOperator, Filter, FilterValue } from "./ast";
import { tokenize, type Token } from "./lexer";
import { syntaxError } from "./syntax-error";

export const MAX_FILTER_LENGTH = 10_000;
export const MAX_FILTER_DEPTH = 50;

const COMPARE_OPERATORS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const KEYWORD_VALUES = new Map<string, FilterValue>([["true", true], ["false", false], ["null", null]]);

interface Scope {
  depth: number;
  /** Inside `attr[…]`: paths are plain sub-attribute names and value paths cannot nest. */
  inValueFilter: boolean;
}

export const TOP_LEVEL: Scope = { depth: 0, inValueFilter: false };

export function checkLength(text: string, scimType: ScimType): void {
  if (text.length > MAX_FILTER_LENGTH) {
    throw syntaxError(scimType, `Input exceeds the maximum length of ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  }
}

/** Parses a filter; every failure is a ScimError(400, "invalidFilter") naming the position. */
export function parseFilter(text: string): Filter {
  checkLength(text, "invalidFilter");
  const parser = new Parser(text, "invalidFilter");
  if (parser.peek().kind === "end") throw parser.error("Filter is empty", parser.peek());
  const filter = parser.parseOr(TOP_LEVEL);
  parser.expectEnd();
  return filter;
}

export class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(
    text: string,
    private readonly scimType: ScimType,
  ) {
    this.tokens = tokenize(text, scimType);
  }

  peek(): Token {
    return this.tokens[this.index];
  }

  /** The token consumed last. */
  previous(): Token {
    return this.tokens[this.index - 1];
  }

  next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== "end") this.index++;
    return token;
  }

  error(message: string, token: Token) {
    return syntaxError(this.scimType, message, token.position);
  }

  expect(kind: "]" | ")"): Token {
    const token = this.next();
    if (token.kind !== kind) throw this.error(`Expected '${kind}'`, token);
    return token;
  }

  expectEnd(message = "Expected 'and', 'or' or the end of the filter"): void {
    const token = this.peek();
    if (token.kind === "end") return;
    if (token.kind === ")" || token.kind === "]") throw this.error(`Unbalanced '${token.kind}'`, token);
    throw this.error(message, token);
  }

  parseOr(scope: Scope): Filter {
    let left = this.parseAnd(scope);
    while (isWord(this.peek(), "or")) {
      this.next();
      left = { op: "or", left, right: this.parseAnd(scope) };
    }
    return left;
  }

  /** The inside of `attr[…]`, after the opening bracket; consumes the closing one. */
  parseValueFilter(scope: Scope, open: Token): Filter {
    const filter = this.parseOr(this.deeper(scope, open, true));
    this.expect("]");
    return filter;
  }

  private parseAnd(scope: Scope): Filter {
    let left = this.parseUnary(scope);
    while (isWord(this.peek(), "and")) {
      this.next();
      left = { op: "and", left, right: this.parseUnary(scope) };
    }
    return left;
  }

  private parseUnary(scope: Scope): Filter {
    const token = this.peek();
    // "not" is only the operator when a parenthesis follows; otherwise it is an attribute name.
    if (isWord(token, "not") && this.tokens[this.index + 1].kind === "(") {
      this.next();
      return { op: "not", filter: this.parseGroup(scope) };
    }
    if (token.kind === "(") return this.parseGroup(scope);
    return this.parseAttributeExpression(scope);
  }

  private parseGroup(scope: Scope): Filter {
    const open = this.next(); // the "(" the caller saw
    const filter = this.parseOr(this.deeper(scope, open, scope.inValueFilter));
    this.expect(")");
    return filter;
  }

  private deeper(scope: Scope, token: Token, inValueFilter: boolean): Scope {
    if (scope.depth >= MAX_FILTER_DEPTH) throw this.error(`Nesting exceeds the maximum depth of ${MAX_FILTER_DEPTH}`, token);
    return { depth: scope.depth + 1, inValueFilter };
  }

  private parseAttributeExpression(scope: Scope): Filter {
    const token = this.next();
    const path = this.readPath(token, scope);
    if (this.peek().kind === "[") {
      const open = this.next();
      if (scope.inValueFilter) throw this.error("Value filters cannot be nested", open);
      if (path.subAttribute !== undefined) throw this.error("A value filter cannot follow a sub-attribute", open);
      const filter = this.parseValueFilter(scope, open);
      // Entra ID matches users with `emails[type eq "work"].value eq "x"`: the comparison of a
      // sub-attribute of the elements the value filter selects, i.e. `emails[type eq "work" and
      // value eq "x"]`. It is parsed into that value path, so evaluation, printing and SQL are the
      // value path's.
      const subAttribute = this.readSubAttribute();
      if (subAttribute === undefined) return { op: "valuePath", path, filter };
      return { op: "valuePath", path, filter: { op: "and", left: filter, right: this.parseOperation({ attribute: subAttribute }) } };
    }
    return this.parseOperation(path);
  }

  /** `.subAttr` right after a value filter's `]` (the lexer reads it as a word starting with "."). */
  readSubAttribute(): string | undefined {
    const token = this.peek();
    if (token.kind !== "word" || !token.text.startsWith(".")) return undefined;
    const name = token.text.slice(1);
    if (!isAttributeName(name) || token.position !== this.previous().position + 1) {
      throw this.error(`Invalid sub-attribute '${token.text}'`, token);
    }
    this.next();
    return name;
  }

  /** `pr`, or a comparison operator and its value, after `path`. */
  private parseOperation(path: AttributePath): Filter {
    const operatorToken = this.next();
    const operator = operatorToken.kind === "word" ? operatorToken.text.toLowerCase() : "";
    if (operator === "pr") {
      this.rejectValueAfterPresent();
      return { op: "present", path };
    }
    if (!COMPARE_OPERATORS.has(operator)) throw this.error("Expected a comparison operator", operatorToken);
    const value = this.parseValue(operator as CompareOperator);
    return { op: "compare", path, operator: operator as CompareOperator, value };
  }

  /** Reads an attribute path token; PATCH paths share this. */
  readPath(token: Token, scope: Scope): AttributePath {
    if (token.kind !== "word") throw this.error("Expected an attribute path", token);
    const path = readAttributePath(token.text);
    if (!path) throw this.error(`Invalid attribute path '${token.text}'`, token);
    if (scope.inValueFilter && (path.schema !== undefined || path.subAttribute !== undefined)) {
      throw this.error("Attributes inside a value filter must be plain sub-attribute names", token);
    }
    return path;
  }

  private rejectValueAfterPresent(): void {
    const token = this.peek();
    if (token.kind === "string" || (token.kind === "word" && !isWord(token, "and") && !isWord(token, "or"))) {
      throw this.error("The 'pr' operator takes no value", token);
    }
  }

  private parseValue(operator: CompareOperator): FilterValue {
    const token = this.next();
    const value = this.readValue(token);
    // RFC 7644 §3.4.2.2: ordering a boolean fails; substring or ordering a null means nothing.
    if ((typeof value === "boolean" || value === null) && operator !== "eq" && operator !== "ne") {
      throw this.error(`The '${operator}' operator cannot compare ${value}`, token);
    }
    return value;
  }

  private readValue(token: Token): FilterValue {
    if (token.kind === "string") return token.value;
    if (token.kind !== "word") throw this.error("Expected a value", token);
    const lower = token.text.toLowerCase();
    if (KEYWORD_VALUES.has(lower)) return KEYWORD_VALUES.get(lower)!;
    if (JSON_NUMBER.test(token.text)) {
      const number = Number(token.text);
      if (!Number.isFinite(number)) throw this.error("Number out of range", token);
      return number;
    }
    if (lower === "and" || lower === "or" || lower === "not") throw this.error("Expected a value", token);
    this.checkUnquotedValue();
    return token.text;
  }

  // Clients such as older provisioning agents send `externalId eq jyoung`. Accept a bare word
  // when nothing but the end of an expression can follow it.
  private checkUnquotedValue(): void {
    const following = this.peek();
    const endsExpression =
      following.kind === "end" || following.kind === ")" || following.kind === "]" ||
      isWord(following, "and") || isWord(following, "or");
    if (!endsExpression) throw this.error("Ambiguous unquoted value; quote the value", following);
  }
}

const isWord = (token: Token, keyword: string): boolean =>
  token.kind === "word" && token.text.toLowerCase() === keyword;
