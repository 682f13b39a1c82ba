import { describe, expect, it } from "vitest";
import { apiSecurityHeaders, newNonce, pageContentSecurityPolicy, pageSecurityHeaders, servedOverHttps } from "./headers";

describe("security headers", () => {
  it("pages: a nonce CSP that forbids framing, plus nosniff, DENY and no-referrer; no HSTS over http", () => {
    const headers = pageSecurityHeaders({ nonce: "abc123==", https: false });
    const csp = headers["Content-Security-Policy"];
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(headers).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer" });
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("adds HSTS and upgrade-insecure-requests over https, and unsafe-eval only in development", () => {
    const headers = pageSecurityHeaders({ nonce: "n", https: true });
    expect(headers["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(headers["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
    expect(pageContentSecurityPolicy({ nonce: "n", https: false, development: true })).toContain("'unsafe-eval'");
  });

  it("APIs: nothing may load or frame a JSON response", () => {
    const headers = apiSecurityHeaders({ https: true });
    expect(headers["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Strict-Transport-Security": "max-age=31536000" });
  });

  it("nonces are fresh, 128-bit and base64", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("https is the request's scheme, or PUBLIC_URL's behind a TLS-terminating proxy", () => {
    expect(servedOverHttps("https://roster.example.com/members", undefined)).toBe(true);
    expect(servedOverHttps("http://10.0.0.5:3000/members", "https://roster.example.com")).toBe(true);
    expect(servedOverHttps("http://localhost:3000/members", "http://localhost:3000")).toBe(false);
    expect(servedOverHttps("http://localhost:3000/members", undefined)).toBe(false);
  });
});
