import { afterEach, describe, expect, it } from "vitest";
import { configureNextAuthUrl } from "@/lib/auth/options";
import { getEnv, resetEnvCache } from "@/lib/env";
import { configuredPublicUrl, publicOrigin, publicUrlProblem, requestOrigin } from "./public-url";

const headers = (h: Record<string, string>) => ({ get: (k: string) => h[k.toLowerCase()] ?? null });
const forged = headers({ host: "roster.internal:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
const saved = { ...process.env };

function withEnv(vars: Record<string, string | undefined>) {
  process.env = { ...saved };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  return getEnv();
}

describe("public URL derivation", () => {
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("uses the configured public URL whatever Host / X-Forwarded-Host say", () => {
    const env = withEnv({ PUBLIC_URL: "https://roster.example.com/", NEXTAUTH_URL: undefined, TRUST_PROXY: "1" });
    expect(publicOrigin(forged, env)).toBe("https://roster.example.com");
    expect(configuredPublicUrl(withEnv({ PUBLIC_URL: undefined, NEXTAUTH_URL: "https://auth.example.com" }))).toBe("https://auth.example.com");
  });

  it("ignores X-Forwarded-Host/-Proto unless TRUST_PROXY is set", () => {
    expect(requestOrigin(forged, false)).toBe("https://roster.internal:3000");
    expect(requestOrigin(forged, false, "http")).toBe("http://roster.internal:3000");
    expect(requestOrigin(forged, true)).toBe("https://evil.example");
    expect(publicOrigin(forged, withEnv({ PUBLIC_URL: undefined, NEXTAUTH_URL: undefined, TRUST_PROXY: undefined }))).toBe("https://roster.internal:3000");
    expect(publicOrigin(forged, withEnv({ PUBLIC_URL: undefined, NEXTAUTH_URL: undefined, TRUST_PROXY: "on" }))).toBe("https://evil.example");
    expect(requestOrigin(headers({ host: "localhost:3100" }), false)).toBe("http://localhost:3100");
  });

  it("parses TRUST_PROXY as off / on / a hop count, and refuses nonsense", () => {
    expect(withEnv({ TRUST_PROXY: undefined }).TRUST_PROXY).toBe(0);
    expect(withEnv({ TRUST_PROXY: "off" }).TRUST_PROXY).toBe(0);
    expect(withEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(withEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => withEnv({ TRUST_PROXY: "sometimes" })).toThrow(/TRUST_PROXY/);
  });

  it("requires a public URL in production only", () => {
    expect(publicUrlProblem({ PUBLIC_URL: undefined, NEXTAUTH_URL: undefined }, true)).toMatch(/PUBLIC_URL is not set.*Host header/s);
    expect(publicUrlProblem({ PUBLIC_URL: undefined, NEXTAUTH_URL: "https://a.example" }, true)).toBeNull();
    expect(publicUrlProblem({ PUBLIC_URL: undefined, NEXTAUTH_URL: undefined }, false)).toBeNull();
  });

  it("pins next-auth to the public URL and stops it trusting forwarded hosts (even an explicit AUTH_TRUST_HOST)", () => {
    const env = withEnv({ PUBLIC_URL: "https://roster.example.com", NEXTAUTH_URL: undefined, AUTH_TRUST_HOST: "true", TRUST_PROXY: "1" });
    configureNextAuthUrl(env, true);
    expect(process.env.NEXTAUTH_URL).toBe("https://roster.example.com");
    expect(process.env.AUTH_TRUST_HOST).toBeUndefined();
  });

  it("lets a development server without configuration follow the request's host", () => {
    const env = withEnv({ PUBLIC_URL: undefined, NEXTAUTH_URL: undefined, AUTH_TRUST_HOST: undefined });
    configureNextAuthUrl(env, false);
    expect(process.env.AUTH_TRUST_HOST).toBe("true");
    expect(process.env.NEXTAUTH_URL).toBeUndefined();
  });
});
