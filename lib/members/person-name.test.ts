import { describe, expect, it } from "vitest";
import { memberNameColumns, personNameSchema, splitFullName } from "./person-name";

describe("splitFullName", () => {
  it.each([
    ["Ada Lovelace", { givenName: "Ada", familyName: "Lovelace" }],
    ["  Ada   King\tLovelace ", { givenName: "Ada King", familyName: "Lovelace" }],
    ["Jean-Luc Picard", { givenName: "Jean-Luc", familyName: "Picard" }],
  ])("%j: the last word is the family name", (text, expected) => {
    expect(splitFullName(text)).toEqual(expected);
  });

  it.each(["", "   ", "Cher"])("%j cannot be split", (text) => {
    expect(splitFullName(text)).toBeUndefined();
  });
});

describe("personNameSchema and memberNameColumns", () => {
  it("trims both parts and derives formatted and display name from them", () => {
    const name = personNameSchema.parse({ givenName: " Grace ", familyName: " Hopper" });
    expect(memberNameColumns(name)).toEqual({ givenName: "Grace", familyName: "Hopper", formattedName: "Grace Hopper", displayName: "Grace Hopper" });
  });

  it("requires both parts, at most 100 characters each", () => {
    const issues = (input: unknown) => personNameSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]);
    expect(issues({})).toEqual([["givenName", "Enter a given name."], ["familyName", "Enter a family name."]]);
    expect(issues({ givenName: " ", familyName: "x".repeat(101) })).toEqual([
      ["givenName", "Enter a given name."],
      ["familyName", "Use at most 100 characters for a family name."],
    ]);
    expect(issues({ givenName: "x".repeat(100), familyName: "y" })).toBeUndefined();
  });
});
