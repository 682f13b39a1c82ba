import { describe, expect, it } from "vitest";
import { canSignIn, statusForActive } from "./status";

describe("statusForActive", () => {
  it("disables whenever active is false, signed in before or not", () => {
    expect(statusForActive(false, { activatedAt: null })).toBe("DISABLED");
    expect(statusForActive(false, { activatedAt: new Date() })).toBe("DISABLED");
  });
  it("returns to INVITED when the member never signed in", () => {
    expect(statusForActive(true, { activatedAt: null })).toBe("INVITED");
  });
  it("returns to ACTIVE when the member signed in before", () => {
    expect(statusForActive(true, { activatedAt: new Date() })).toBe("ACTIVE");
  });
  it("only DISABLED members are refused sign-in", () => {
    expect(canSignIn("DISABLED")).toBe(false);
    expect(canSignIn("INVITED")).toBe(true);
    expect(canSignIn("ACTIVE")).toBe(true);
  });
});
