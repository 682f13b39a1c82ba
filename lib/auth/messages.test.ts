import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";
import { DISABLED_ERROR, DISABLED_MESSAGE, INVALID_MESSAGE, limitedError, signInNotice, ssoRefusedPath } from "./messages";

describe("sign-in notices", () => {
  it("explains a disabled account, from next-auth's error or from a session bounce", () => {
    expect(signInNotice({ error: DISABLED_ERROR })).toEqual({ tone: "error", text: DISABLED_MESSAGE });
    expect(signInNotice({ reason: "disabled" })).toEqual({ tone: "error", text: DISABLED_MESSAGE });
    expect(DISABLED_MESSAGE).toMatch(/disabled by an administrator/);
  });

  it("says how long to wait after too many attempts, in whole minutes", () => {
    expect(signInNotice({ error: limitedError(15) })).toEqual({ tone: "error", text: "Too many sign-in attempts. Try again in 15 minutes." });
    expect(signInNotice({ error: limitedError(1) })?.text).toBe("Too many sign-in attempts. Try again in 1 minute.");
    expect(signInNotice({ error: "TooManyAttempts:soon" })?.text).toBe(INVALID_MESSAGE);
  });

  it("uses one message for every other failure (no account enumeration)", () => {
    expect(signInNotice({ error: "CredentialsSignin" })).toEqual({ tone: "error", text: INVALID_MESSAGE });
    expect(signInNotice({ error: "anything else" })).toEqual({ tone: "error", text: INVALID_MESSAGE });
  });

  it("says nothing on a plain visit and a neutral note after being signed out", () => {
    expect(signInNotice({})).toBeNull();
    expect(signInNotice({ reason: "signed-out" })?.tone).toBe("info");
  });
});

describe("safeCallbackPath", () => {
  it("keeps same-origin paths", () => {
    expect(safeCallbackPath("/members?status=active")).toBe("/members?status=active");
    expect(safeCallbackPath("http://localhost:3000/activity", "http://localhost:3000")).toBe("/activity");
    expect(safeCallbackPath("http://localhost:3000", "http://localhost:3000")).toBe("/");
  });

  it("refuses anything that could leave the site", () => {
    for (const url of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "members", "http://localhost:3000.evil.example/"]) {
      expect(safeCallbackPath(url, "http://localhost:3000")).toBe("/");
    }
    expect(safeCallbackPath(null)).toBe("/");
  });
});

describe("ssoRefusedPath (an SSO code refused at redemption)", () => {
  it("follows only the refusal page", () => {
    expect(ssoRefusedPath("SsoRefused:/sign-in/refused?reason=browser-mismatch&ref=abc-123")).toBe("/sign-in/refused?reason=browser-mismatch&ref=abc-123");
    for (const error of ["SsoRefused:https://evil.example/", "SsoRefused://evil.example", "SsoRefused:/members", "CredentialsSignin", null, undefined, "SsoRefused:/sign-in/refused?reason=<script>"]) {
      expect(ssoRefusedPath(error)).toBeNull();
    }
  });
});
