import { describe, expect, it } from "vitest";
import { memberDisplayName, prefixPattern, primaryEmail } from "./sql";

describe("admin list helpers", () => {
  it("prefixPattern lower-cases and escapes LIKE wildcards and the escape character", () => {
    expect(prefixPattern("Ada")).toBe("ada%");
    expect(prefixPattern("100%_off\\")).toBe("100\\%\\_off\\\\%");
  });
  it("memberDisplayName: displayName, else given + family, else userName", () => {
    expect(memberDisplayName({ displayName: " Grace H ", givenName: "G", familyName: "H", userName: "g@x" })).toBe("Grace H");
    expect(memberDisplayName({ displayName: "  ", givenName: "Grace", familyName: null, userName: "g@x" })).toBe("Grace");
    expect(memberDisplayName({ displayName: null, givenName: null, familyName: null, userName: "g@x" })).toBe("g@x");
  });
  it("primaryEmail prefers primary, then the first, ignoring junk", () => {
    expect(primaryEmail([{ value: "a@x" }, { value: "b@x", primary: true }])).toBe("b@x");
    expect(primaryEmail([{ type: "work" }, { value: "c@x" }])).toBe("c@x");
    expect(primaryEmail("nope")).toBeNull();
    expect(primaryEmail([])).toBeNull();
  });
});
