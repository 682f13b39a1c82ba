import { describe, expect, it } from "vitest";
import { INVITATION_PROBLEMS } from "./messages";

describe("invitation problem pages", () => {
  it("every problem page says what to do", () => {
    for (const [kind, page] of Object.entries(INVITATION_PROBLEMS)) {
      expect(page.text, kind).toMatch(/ask your administrator|sign in|contact your administrator/i);
    }
    expect(INVITATION_PROBLEMS.expired.text).toContain("Ask your administrator to resend the invitation.");
  });
});
