import { describe, expect, it } from "vitest";
import { formatRelative, plural } from "./format";
import { hrefWith } from "./pagination";

describe("UI formatting", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  it("formatRelative", () => {
    expect(formatRelative(new Date("2026-11-28T11:59:50Z"), now)).toBe("just now");
    expect(formatRelative(new Date("2026-11-28T11:55:00Z"), now)).toBe("5 min ago");
    expect(formatRelative(new Date("2026-11-28T09:00:00Z"), now)).toBe("3 h ago");
    expect(formatRelative(new Date("2026-11-24T12:00:00Z"), now)).toBe("4 days ago");
    expect(formatRelative(new Date("2026-01-02T12:00:00Z"), now)).toBe("2 Jan 2026");
    expect(formatRelative(new Date("2026-12-28T12:00:00Z"), now)).toBe("in 30 days");
  });
  it("plural", () => {
    expect(plural(1, "invited member")).toBe("1 invited member");
    expect(plural(1200, "invited member")).toBe("1,200 invited members");
  });
  it("hrefWith keeps URL state, drops empty values", () => {
    expect(hrefWith("/members", { status: "invited", q: "ada", sort: undefined }, { page: 2 })).toBe("/members?status=invited&q=ada&page=2");
    expect(hrefWith("/members", { status: "invited", q: "a b" }, { status: undefined, q: "" })).toBe("/members");
    expect(hrefWith("/members", { q: "a&b" }, {})).toBe("/members?q=a%26b");
  });
});
