import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { checkJsonDepth, checkJsonStrings, MAX_JSON_DEPTH, storableText, unstorableCharacter } from "./json-input";

const limits = { maxLength: 100, maxNameLength: 10 };

function refusal(run: () => void): ScimError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error("expected a refusal");
}

describe("checkJsonDepth", () => {
  it("allows the cap and refuses one level more, counting objects and arrays alike", () => {
    const deep = (n: number) => `${"[".repeat(n - 1)}{"a":1}${"]".repeat(n - 1)}`;
    expect(() => checkJsonDepth(deep(MAX_JSON_DEPTH))).not.toThrow();
    const error = refusal(() => checkJsonDepth(deep(MAX_JSON_DEPTH + 1)));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe("invalidSyntax");
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(() => checkJsonDepth(JSON.stringify({ a: "[[[[[[\"{{{{{{".repeat(100) }), 3)).not.toThrow();
  });

  it("handles half a million brackets without recursion", () => {
    expect(() => checkJsonDepth("[".repeat(500_000))).toThrow(/nested deeper/);
  });
});

describe("unstorableCharacter / storableText", () => {
  it.each([
    ["a\u0000b", /NUL/],
    ["\ud800", /surrogate/],
    ["x\udc00", /surrogate/],
    ["\udc00\ud800", /surrogate/], // reversed pair
  ])("%j is refused", (text, reason) => {
    expect(unstorableCharacter(text)).toMatch(reason);
  });

  it.each(["plain", "emoji 🚀", "ünïcødé", ""])("%j is fine", (text) => {
    expect(unstorableCharacter(text)).toBeUndefined();
  });

  it("sanitizes and shortens, never splitting into an unstorable half", () => {
    expect(storableText("a\u0000b\udc00")).toBe("a\ufffdb\ufffd");
    const cut = storableText(`${"x".repeat(9)}🚀`, 10);
    expect(unstorableCharacter(cut)).toBeUndefined();
    expect(cut.startsWith("xxxxxxxxx")).toBe(true);
  });
});

describe("checkJsonStrings", () => {
  it("names the attribute of a bad value, nested or in an array", () => {
    expect(refusal(() => checkJsonStrings({ emails: [{ value: "a\u0000" }] }, limits)).detail).toMatch(/'emails\[0\]\.value'.*NUL/);
    expect(refusal(() => checkJsonStrings({ nickName: "\ud800" }, limits)).detail).toMatch(/'nickName'.*surrogate/);
  });

  it("names a PATCH operation's value by the attribute its path targets", () => {
    const body = { Operations: [{ op: "replace", path: "name.givenName", value: "g".repeat(11) }] };
    expect(refusal(() => checkJsonStrings(body, limits)).detail).toMatch(/Operations\[0\]\.value \(name\.givenName\).*10.*SCIM_MAX_NAME_LENGTH/);
  });

  it("limits indexed names more tightly than other strings", () => {
    expect(() => checkJsonStrings({ nickName: "n".repeat(100) }, limits)).not.toThrow();
    expect(refusal(() => checkJsonStrings({ nickName: "n".repeat(101) }, limits)).detail).toMatch(/SCIM_MAX_STRING_LENGTH/);
    expect(refusal(() => checkJsonStrings({ UserName: "u".repeat(11) }, limits)).detail).toMatch(/SCIM_MAX_NAME_LENGTH/);
    // Bulk data and pathless PATCH values reach the same rule through their keys.
    expect(refusal(() => checkJsonStrings({ Operations: [{ data: { externalId: "e".repeat(11) } }] }, limits)).detail).toMatch(/externalId/);
    expect(refusal(() => checkJsonStrings({ Operations: [{ op: "add", value: { displayName: "d".repeat(11) } }] }, limits)).detail).toMatch(/value\.displayName/);
  });

  it("refuses unstorable member names, and leaves numbers, booleans and null alone", () => {
    expect(refusal(() => checkJsonStrings({ "urn:x:\u0000": 1 }, limits)).scimType).toBe("invalidValue");
    expect(() => checkJsonStrings({ a: 1, b: true, c: null, d: [1.5, false] }, limits)).not.toThrow();
  });
});
