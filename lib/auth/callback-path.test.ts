import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-path";

const APP = "http://localhost:3000";

describe("safeCallbackPath: known open-redirect shapes all land on /", () => {
  // Each of these reaches another origin in at least one browser, or through URL normalization.
  const bypasses = [
    "https://evil.example/",
    "HTTP://evil.example",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/\t/evil.example/members", // the review's finding: Chromium drops the tab
    "/%09/evil.example/members", // the same, still percent-encoded
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%0a/evil.example",
    "/%0D/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/%5cevil.example",
    "/%5C%5Cevil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "https:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "members",
    "evil.example",
    `${APP}.evil.example/`,
    `${APP}@evil.example/`,
    "http://localhost:3000@evil.example",
    "//localhost:3000@evil.example",
    "http://user:pass@localhost:3000/members",
    "http://localhost:3001/members",
    "https://localhost:3000/members",
    "http://evil.example#http://localhost:3000",
  ];
  it.each(bypasses)("%j → /", (url) => {
    expect(safeCallbackPath(url, APP)).toBe("/");
    expect(safeCallbackPath(url)).toBe("/");
  });
});

describe("safeCallbackPath: the app's own places are kept", () => {
  it.each([
    ["/members?status=active", "/members?status=active"],
    ["/members/groups#top", "/members/groups#top"],
    ["/settings/api", "/settings/api"],
    [`${APP}/activity`, "/activity"],
    [APP, "/"],
    ["/a/../members", "/members"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"], // an encoded slash is a path segment, not a host
  ])("%j → %j", (url, expected) => {
    expect(safeCallbackPath(url, APP)).toBe(expected);
  });

  it("treats missing values as /, and absolute URLs as foreign when the app origin is unknown", () => {
    expect(safeCallbackPath(null)).toBe("/");
    expect(safeCallbackPath("")).toBe("/");
    expect(safeCallbackPath(`${APP}/activity`)).toBe("/");
    expect(safeCallbackPath("/activity")).toBe("/activity");
  });
});
