import { describe, expect, it } from "vitest";
import { originFromHeaders, scimBaseUrl } from "./scim-settings";

const headers = (h: Record<string, string>) => ({ get: (k: string) => h[k.toLowerCase()] ?? null });

describe("scimBaseUrl", () => {
  it("prefers PUBLIC_URL, trims trailing slashes, always ends in /api/v2/scim/", () => {
    expect(scimBaseUrl("https://roster.example.com/", "http://10.0.0.5:3000")).toBe("https://roster.example.com/api/v2/scim/");
    expect(scimBaseUrl(undefined, "http://localhost:3000")).toBe("http://localhost:3000/api/v2/scim/");
  });
  it("derives the origin from proxy headers, else Host", () => {
    expect(originFromHeaders(headers({ host: "internal:3000", "x-forwarded-host": "roster.example.com", "x-forwarded-proto": "https" }))).toBe("https://roster.example.com");
    expect(originFromHeaders(headers({ host: "localhost:3100" }))).toBe("http://localhost:3100");
    expect(originFromHeaders(headers({ host: "roster.example.com" }))).toBe("https://roster.example.com");
  });
});
