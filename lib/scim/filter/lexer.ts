// Splits filter and PATCH-path text into tokens. Words are everything between whitespace,
// brackets, parentheses and quotes; the parser decides from position whether a word is an
// attribute path, an operator, a keyword or an unquoted value.
import type { ScimType } from "../errors";
import { unstorableCharacter } from "../json-input";
import { syntaxError } from "./syntax-error";

export type Token =
  | { kind: "(" | ")" | "[" | "]" | "end"; position: number }
  | { kind: "string"; value: string; position: number }
  | { kind: "word"; text: string; position: number };

const DELIMITERS = new Set(["(", ")", "[", "]"]);
const isWhitespace = (char: string) => /\s/.test(char);
const endsWord = (char: string) => isWhitespace(char) || DELIMITERS.has(char) || char === '"';

export function tokenize(text: string, scimType: ScimType): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (isWhitespace(char)) {
      index++;
    } else if (DELIMITERS.has(char)) {
      tokens.push({ kind: char as "(" | ")" | "[" | "]", position: index });
      index++;
    } else if (char === '"') {
      const end = closingQuote(text, index, scimType);
      tokens.push({ kind: "string", value: decodeString(text.slice(index, end + 1), index, scimType), position: index });
      index = end + 1;
    } else {
      const start = index;
      while (index < text.length && !endsWord(text[index])) index++;
      tokens.push({ kind: "word", text: text.slice(start, index), position: start });
    }
  }
  tokens.push({ kind: "end", position: text.length });
  return tokens;
}

function closingQuote(text: string, start: number, scimType: ScimType): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === "\\") index++;
    else if (text[index] === '"') return index;
  }
  throw syntaxError(scimType, "Unterminated string", start);
}

// String literals are JSON strings (RFC 7644 §3.4.2.2 compValue), escapes included.
function decodeString(literal: string, position: number, scimType: ScimType): string {
  let decoded: string;
  try {
    decoded = JSON.parse(literal) as string;
  } catch {
    throw syntaxError(scimType, "Invalid string literal", position);
  }
  // `"\u0000"` and `"\udc00"` are valid JSON escapes, but no database can compare with them.
  const problem = unstorableCharacter(decoded);
  if (problem) throw syntaxError(scimType, `The string literal ${problem}`, position);
  return decoded;
}
