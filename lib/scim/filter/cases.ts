// The filter grammar as a table: text in, AST or exact error detail out.
import type { AttributePath, CompareOperator, Filter, FilterValue } from "./ast";

export interface FilterCase {
  name: string;
  filter: string;
  ast?: Filter;
  error?: string;
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

/** `"name.familyName"` → { attribute: "name", subAttribute: "familyName" }. */
export function path(text: string, schema?: string): AttributePath {
  const [attribute, subAttribute] = text.split(".");
  return { ...(schema && { schema }), attribute, ...(subAttribute && { subAttribute }) };
}
export const compare = (attribute: string, operator: CompareOperator, value: FilterValue, schema?: string): Filter =>
  ({ op: "compare", path: path(attribute, schema), operator, value });
export const present = (attribute: string, schema?: string): Filter => ({ op: "present", path: path(attribute, schema) });
export const and = (left: Filter, right: Filter): Filter => ({ op: "and", left, right });
export const or = (left: Filter, right: Filter): Filter => ({ op: "or", left, right });
export const not = (filter: Filter): Filter => ({ op: "not", filter });
export const valuePath = (attribute: string, filter: Filter, schema?: string): Filter =>
  ({ op: "valuePath", path: path(attribute, schema), filter });

const a1 = compare("a", "eq", 1);
const b2 = compare("b", "eq", 2);
const c3 = compare("c", "eq", 3);

export const FILTER_CASES: FilterCase[] = [
  // Every operator
  { name: "eq", filter: 'userName eq "bjensen"', ast: compare("userName", "eq", "bjensen") },
  { name: "ne", filter: 'title ne "boss"', ast: compare("title", "ne", "boss") },
  { name: "co", filter: 'name.familyName co "O\'Malley"', ast: compare("name.familyName", "co", "O'Malley") },
  { name: "sw", filter: 'userName sw "J"', ast: compare("userName", "sw", "J") },
  { name: "ew", filter: 'userName ew "son"', ast: compare("userName", "ew", "son") },
  { name: "pr", filter: "title pr", ast: present("title") },
  { name: "gt", filter: 'meta.lastModified gt "2011-05-13T04:42:34Z"', ast: compare("meta.lastModified", "gt", "2011-05-13T04:42:34Z") },
  { name: "ge", filter: 'meta.lastModified ge "2011-05-13T04:42:34Z"', ast: compare("meta.lastModified", "ge", "2011-05-13T04:42:34Z") },
  { name: "lt", filter: "age lt 30", ast: compare("age", "lt", 30) },
  { name: "le", filter: "age le 30.5", ast: compare("age", "le", 30.5) },

  // Logic, precedence, parentheses
  { name: "and", filter: "a eq 1 and b eq 2", ast: and(a1, b2) },
  { name: "or", filter: "a eq 1 or b eq 2", ast: or(a1, b2) },
  { name: "and binds tighter than or (right)", filter: "a eq 1 or b eq 2 and c eq 3", ast: or(a1, and(b2, c3)) },
  { name: "and binds tighter than or (left)", filter: "a eq 1 and b eq 2 or c eq 3", ast: or(and(a1, b2), c3) },
  { name: "and is left-associative", filter: "a eq 1 and b eq 2 and c eq 3", ast: and(and(a1, b2), c3) },
  { name: "or is left-associative", filter: "a eq 1 or b eq 2 or c eq 3", ast: or(or(a1, b2), c3) },
  { name: "parentheses override precedence", filter: "(a eq 1 or b eq 2) and c eq 3", ast: and(or(a1, b2), c3) },
  { name: "redundant parentheses vanish", filter: "((a eq 1))", ast: a1 },
  { name: "not", filter: "not (a eq 1)", ast: not(a1) },
  { name: "not binds tighter than and", filter: "not (a eq 1) and b eq 2", ast: and(not(a1), b2) },
  { name: "not without a space", filter: "not(a eq 1)", ast: not(a1) },
  { name: "double not", filter: "not (not (a eq 1))", ast: not(not(a1)) },
  { name: "'not' without parentheses is an attribute name", filter: "not pr", ast: present("not") },
  { name: "'and' in attribute position is an attribute name", filter: "and eq 1", ast: compare("and", "eq", 1) },
  { name: "RFC example", filter: 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    ast: and(compare("userType", "eq", "Employee"), or(compare("emails", "co", "example.com"), compare("emails.value", "co", "example.org"))) },

  // Value paths
  { name: "value path", filter: 'emails[type eq "work"]', ast: valuePath("emails", compare("type", "eq", "work")) },
  { name: "value path with logic inside", filter: 'emails[type eq "work" and value co "@example.com"]',
    ast: valuePath("emails", and(compare("type", "eq", "work"), compare("value", "co", "@example.com"))) },
  { name: "value path inside or", filter: 'userType eq "Employee" or emails[type eq "work"]',
    ast: or(compare("userType", "eq", "Employee"), valuePath("emails", compare("type", "eq", "work"))) },
  { name: "value path inside and, with not", filter: 'x pr and emails[not (type eq "work")]',
    ast: and(present("x"), valuePath("emails", not(compare("type", "eq", "work")))) },
  { name: "value path with a space before the bracket", filter: "members [value eq \"1\"]", ast: valuePath("members", compare("value", "eq", "1")) },
  { name: "URN-qualified value path", filter: `${USER}:emails[primary eq true]`, ast: valuePath("emails", compare("primary", "eq", true), USER) },
  { name: "value path with parentheses inside", filter: "emails[(type eq 1 or type eq 2) and primary eq true]",
    ast: valuePath("emails", and(or(compare("type", "eq", 1), compare("type", "eq", 2)), compare("primary", "eq", true))) },
  // attr[valFilter].subAttr op value ≡ attr[valFilter and subAttr op value] (Entra ID's matching attribute)
  { name: "Entra ID: value path with a sub-attribute comparison", filter: 'emails[type eq "work"].value eq "ada@example.com"',
    ast: valuePath("emails", and(compare("type", "eq", "work"), compare("value", "eq", "ada@example.com"))) },
  { name: "value path with a sub-attribute presence", filter: "emails[primary eq true].value pr",
    ast: valuePath("emails", and(compare("primary", "eq", true), present("value"))) },
  { name: "value path with a sub-attribute: keywords and names in any case, URN-qualified", filter: `${USER}:Emails[Type EQ "work"].Value SW "ada"`,
    ast: valuePath("Emails", and(compare("Type", "eq", "work"), compare("Value", "sw", "ada")), USER) },
  { name: "value path with a sub-attribute after an or-filter keeps the or together", filter: 'emails[type eq "work" or type eq "home"].value co "@x"',
    ast: valuePath("emails", and(or(compare("type", "eq", "work"), compare("type", "eq", "home")), compare("value", "co", "@x"))) },
  { name: "value path with a sub-attribute inside logic", filter: 'emails[type eq "work"].value eq "a" or userName eq "b" and not (x pr)',
    ast: or(valuePath("emails", and(compare("type", "eq", "work"), compare("value", "eq", "a"))), and(compare("userName", "eq", "b"), not(present("x")))) },
  { name: "value path with a sub-attribute and an unquoted value", filter: "members[type eq User].value eq u-1",
    ast: valuePath("members", and(compare("type", "eq", "User"), compare("value", "eq", "u-1"))) },

  // Paths
  { name: "sub-attribute", filter: 'name.familyName eq "Jensen"', ast: compare("name.familyName", "eq", "Jensen") },
  { name: "$ref sub-attribute", filter: "members.$ref pr", ast: present("members.$ref") },
  { name: "names with digits, dash and underscore", filter: "x509Certificates pr and a-b_c pr", ast: and(present("x509Certificates"), present("a-b_c")) },
  { name: "extension URN path", filter: `${ENTERPRISE}:employeeNumber eq "701984"`, ast: compare("employeeNumber", "eq", "701984", ENTERPRISE) },
  { name: "extension URN path with sub-attribute", filter: `${ENTERPRISE}:manager.value eq "26118915"`, ast: compare("manager.value", "eq", "26118915", ENTERPRISE) },
  { name: "core URN path", filter: `${USER}:userName eq "bjensen"`, ast: compare("userName", "eq", "bjensen", USER) },
  { name: "names kept as written", filter: 'UserName eq "x"', ast: compare("UserName", "eq", "x") },

  // Case-insensitive keywords
  { name: "upper-case operator", filter: 'userName EQ "x"', ast: compare("userName", "eq", "x") },
  { name: "mixed-case operators and logic", filter: "a Pr AND b Eq 2 oR NoT (c Gt 3)", ast: or(and(present("a"), b2), not(compare("c", "gt", 3))) },
  { name: "upper-case literals", filter: "active eq TRUE or x eq False or y eq NULL",
    ast: or(or(compare("active", "eq", true), compare("x", "eq", false)), compare("y", "eq", null)) },

  // Literals
  { name: "string escapes", filter: String.raw`a eq "q\"b\\s\/\n\t\u00e9\ud83d\ude00"`, ast: compare("a", "eq", "q\"b\\s/\n\t\u00e9\u{1F600}") },
  { name: "empty string", filter: 'a eq ""', ast: compare("a", "eq", "") },
  { name: "string holding keywords and brackets", filter: 'a eq "x and (y) or [z]"', ast: compare("a", "eq", "x and (y) or [z]") },
  { name: "negative number", filter: "a gt -12", ast: compare("a", "gt", -12) },
  { name: "exponent number", filter: "a eq 1.5E+3", ast: compare("a", "eq", 1500) },
  { name: "zero", filter: "a eq 0", ast: compare("a", "eq", 0) },
  { name: "boolean", filter: "active eq false", ast: compare("active", "eq", false) },
  { name: "null with eq", filter: "title eq null", ast: compare("title", "eq", null) },
  { name: "null with ne", filter: "title ne null", ast: compare("title", "ne", null) },
  { name: "date-time stays a string", filter: 'meta.created lt "2020-01-01T00:00:00.000Z"', ast: compare("meta.created", "lt", "2020-01-01T00:00:00.000Z") },

  // Unquoted values
  { name: "unquoted word", filter: "externalId eq jyoung", ast: compare("externalId", "eq", "jyoung") },
  { name: "unquoted email", filter: "userName eq john@example.com", ast: compare("userName", "eq", "john@example.com") },
  { name: "unquoted value before and", filter: "externalId eq jyoung and active eq true", ast: and(compare("externalId", "eq", "jyoung"), compare("active", "eq", true)) },
  { name: "unquoted value before or", filter: "a eq x OR b eq y", ast: or(compare("a", "eq", "x"), compare("b", "eq", "y")) },
  { name: "unquoted value before )", filter: "(a eq x)", ast: compare("a", "eq", "x") },
  { name: "unquoted value before ]", filter: "emails[type eq work]", ast: valuePath("emails", compare("type", "eq", "work")) },
  { name: "unquoted leading-zero id stays a string", filter: "externalId eq 00123", ast: compare("externalId", "eq", "00123") },
  { name: "unquoted prototype name is a plain string", filter: "a eq constructor", ast: compare("a", "eq", "constructor") },

  // Whitespace
  { name: "extra whitespace, tabs and newlines", filter: "  a\teq\n1   and  b eq 2  ", ast: and(a1, b2) },
  { name: "no space before a string", filter: 'a eq"x"', ast: compare("a", "eq", "x") },

  // Errors, with positions
  { name: "empty", filter: "", error: "Filter is empty at position 0" },
  { name: "only whitespace", filter: "   ", error: "Filter is empty at position 3" },
  { name: "unknown operator", filter: 'userName xx "a"', error: "Expected a comparison operator at position 9" },
  { name: "missing operator", filter: "userName", error: "Expected a comparison operator at position 8" },
  { name: "operator is a string", filter: 'userName "eq" "a"', error: "Expected a comparison operator at position 9" },
  { name: "missing value", filter: "userName eq", error: "Expected a value at position 11" },
  { name: "value is a parenthesis", filter: "userName eq (", error: "Expected a value at position 12" },
  { name: "value is a keyword", filter: "a eq and b pr", error: "Expected a value at position 5" },
  { name: "value is 'not'", filter: "a eq not", error: "Expected a value at position 5" },
  { name: "pr with a value", filter: 'title pr "x"', error: "The 'pr' operator takes no value at position 9" },
  { name: "pr with a bare word", filter: "title pr x", error: "The 'pr' operator takes no value at position 9" },
  { name: "gt true", filter: "active gt true", error: "The 'gt' operator cannot compare true at position 10" },
  { name: "ge false", filter: "active ge false", error: "The 'ge' operator cannot compare false at position 10" },
  { name: "lt true", filter: "active lt TRUE", error: "The 'lt' operator cannot compare true at position 10" },
  { name: "le null", filter: "a le null", error: "The 'le' operator cannot compare null at position 5" },
  { name: "co null", filter: "a co null", error: "The 'co' operator cannot compare null at position 5" },
  { name: "sw boolean", filter: "a sw true", error: "The 'sw' operator cannot compare true at position 5" },
  { name: "nested value paths", filter: "a[b[c eq 1]]", error: "Value filters cannot be nested at position 3" },
  { name: "value filter after a sub-attribute", filter: 'name.x[y eq 1]', error: "A value filter cannot follow a sub-attribute at position 6" },
  { name: "sub-attribute inside a value filter", filter: 'emails[type.x eq 1]', error: "Attributes inside a value filter must be plain sub-attribute names at position 7" },
  { name: "URN inside a value filter", filter: `emails[${USER}:type eq 1]`, error: "Attributes inside a value filter must be plain sub-attribute names at position 7" },
  { name: "unclosed bracket", filter: 'emails[type eq "work"', error: "Expected ']' at position 21" },
  { name: "unclosed parenthesis", filter: "((a pr)", error: "Expected ')' at position 7" },
  { name: "extra closing parenthesis", filter: "a pr)", error: "Unbalanced ')' at position 4" },
  { name: "extra closing bracket", filter: "a pr]", error: "Unbalanced ']' at position 4" },
  { name: "missing logical operator", filter: "a eq 1 b pr", error: "Expected 'and', 'or' or the end of the filter at position 7" },
  { name: "dangling and", filter: "a pr and", error: "Expected an attribute path at position 8" },
  { name: "leading or", filter: "or a pr", error: "Expected a comparison operator at position 3" },
  { name: "empty parentheses", filter: "()", error: "Expected an attribute path at position 1" },
  { name: "empty value filter", filter: "emails[]", error: "Expected an attribute path at position 7" },
  { name: "not without a filter", filter: "not ()", error: "Expected an attribute path at position 5" },
  { name: "invalid attribute name", filter: "1abc eq 1", error: "Invalid attribute path '1abc' at position 0" },
  { name: "two sub-attributes", filter: "a.b.c eq 1", error: "Invalid attribute path 'a.b.c' at position 0" },
  { name: "URN without an attribute", filter: "urn:x:2.0 pr", error: "Invalid attribute path 'urn:x:2.0' at position 0" },
  { name: "string as attribute", filter: '"a" eq 1', error: "Expected an attribute path at position 0" },
  { name: "unterminated string", filter: 'a eq "abc', error: "Unterminated string at position 5" },
  { name: "string ending in an escaped quote", filter: 'a eq "abc\\"', error: "Unterminated string at position 5" },
  { name: "bad escape", filter: String.raw`a eq "\x"`, error: "Invalid string literal at position 5" },
  { name: "raw control character in a string", filter: 'a eq "a\u0001b"', error: "Invalid string literal at position 5" },
  { name: "number out of range", filter: "a eq 1e999", error: "Number out of range at position 5" },
  { name: "ambiguous unquoted value", filter: "a eq john smith", error: "Ambiguous unquoted value; quote the value at position 10" },
  { name: "unquoted value followed by a string", filter: 'a eq john"x"', error: "Ambiguous unquoted value; quote the value at position 9" },
  { name: "unquoted value followed by a bracket", filter: "a eq x[y]", error: "Ambiguous unquoted value; quote the value at position 6" },
  { name: "value path with a sub-attribute but no operator", filter: 'emails[type eq "work"].value', error: "Expected a comparison operator at position 28" },
  { name: "value path with a sub-attribute and a bad operator", filter: 'emails[type eq "work"].value xx "a"', error: "Expected a comparison operator at position 29" },
  { name: "value path with two sub-attributes", filter: 'emails[type eq "work"].value.x eq "a"', error: "Invalid sub-attribute '.value.x' at position 22" },
  { name: "value path with a space before the sub-attribute", filter: 'emails[type eq "work"] .value eq "a"', error: "Invalid sub-attribute '.value' at position 23" },
  { name: "value path with an empty sub-attribute", filter: 'emails[type eq "work"]. eq "a"', error: "Invalid sub-attribute '.' at position 22" },
  { name: "value path with a sub-attribute and a value filter", filter: 'emails[type eq "work"].value[x eq 1]', error: "Expected a comparison operator at position 28" },
  { name: "value path with a sub-attribute inside a value filter", filter: 'a[b[c eq 1].d eq 2]', error: "Value filters cannot be nested at position 3" },
  { name: "value path with a sub-attribute: pr with a value", filter: 'emails[type eq "work"].value pr "x"', error: "The 'pr' operator takes no value at position 32" },
];
