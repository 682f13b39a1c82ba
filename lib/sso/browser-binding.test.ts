import { describe, expect, it } from "vitest";
import { browserBindingCookie, browserBindingFromCookieHeader, browserBindingMatches, hashBrowserBinding, newBrowserBinding } from "./browser-binding";

describe("browser binding cookie", () => {
  it("is HttpOnly, SameSite=Lax, as long-lived as a pending request, and __Host-/Secure over https only", () => {
    const binding = newBrowserBinding();
    expect(browserBindingCookie(binding, "http://localhost:3000")).toBe(`roster.sso-binding=${binding}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax`);
    expect(browserBindingCookie(binding, "https://roster.example.com")).toBe(`__Host-roster.sso-binding=${binding}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure`);
    expect(browserBindingFromCookieHeader(`a=1; roster.sso-binding=${binding}; b=2`, "http://localhost:3000")).toBe(binding);
    // Over https only the __Host- cookie counts: a sibling subdomain cannot plant the plain one.
    expect(browserBindingFromCookieHeader(`roster.sso-binding=${binding}`, "https://roster.example.com")).toBeNull();
    expect(browserBindingFromCookieHeader(`__Host-roster.sso-binding=${binding}`, "https://roster.example.com")).toBe(binding);
    expect(browserBindingMatches(hashBrowserBinding(binding), binding)).toBe(true);
    expect(browserBindingMatches(hashBrowserBinding(binding), newBrowserBinding())).toBe(false);
    expect(browserBindingMatches(null, binding)).toBe(false);
    expect(browserBindingMatches(hashBrowserBinding(binding), null)).toBe(false);
  });
});
