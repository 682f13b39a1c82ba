import { describe, expect, it } from "vitest";
import { scimBaseUrl } from "./scim-settings";

describe("scimBaseUrl", () => {
  it("prefers PUBLIC_URL, trims trailing slashes, always ends in /api/v2/scim/", () => {
    expect(scimBaseUrl("https://roster.example.com/", "http://10.0.0.5:3000")).toBe("https://roster.example.com/api/v2/scim/");
    expect(scimBaseUrl(undefined, "http://localhost:3000")).toBe("http://localhost:3000/api/v2/scim/");
  });
});
