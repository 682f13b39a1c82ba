import { describe, expect, it } from "vitest";
import { NAV_SECTIONS, sectionFor } from "./navigation";

const activeTab = (pathname: string) => sectionFor(pathname)?.tabs.find((t) => t.matches(pathname))?.label;

describe("admin navigation", () => {
  it("puts member and group pages under Members and permissions, with the right tab", () => {
    expect(sectionFor("/members")?.label).toBe("Members and permissions");
    expect(activeTab("/members")).toBe("Members");
    expect(activeTab("/members/5f0c")).toBe("Members");
    expect(activeTab("/members/groups")).toBe("Groups");
    expect(activeTab("/members/groups/abc")).toBe("Groups");
  });

  it("maps settings pages to the API, SSO, SCIM and Email tabs and activity to its own section", () => {
    expect(activeTab("/settings/api")).toBe("API");
    expect(activeTab("/settings/scim")).toBe("SCIM");
    expect(activeTab("/settings/sso")).toBe("SSO");
    expect(activeTab("/settings/email")).toBe("Email");
    expect(sectionFor("/activity")?.label).toBe("Activity");
  });

  it("does not treat look-alike paths as inside a section", () => {
    expect(sectionFor("/membership")).toBeUndefined();
    expect(sectionFor("/account")).toBeUndefined();
  });

  it("links every section and tab to the six admin routes", () => {
    const hrefs = NAV_SECTIONS.flatMap((s) => [s.href, ...s.tabs.map((t) => t.href)]);
    expect(new Set(hrefs)).toEqual(new Set(["/members", "/members/groups", "/settings/api", "/settings/sso", "/settings/scim", "/settings/email", "/activity"]));
  });
});
