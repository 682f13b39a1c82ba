import { describe, expect, it } from "vitest";
import { checkIssuerUrl } from "./issuer-policy";

const development = { production: false, allowHttpLocalhost: false };
const production = { production: true, allowHttpLocalhost: false };
const productionAllowingLocal = { production: true, allowHttpLocalhost: true };

describe("checkIssuerUrl", () => {
  it("accepts https issuers everywhere", () => {
    for (const policy of [development, production]) {
      expect(checkIssuerUrl("https://login.microsoftonline.com/abc/v2.0", policy)).toMatchObject({ ok: true, plainHttp: false });
    }
  });

  it("accepts http on loopback outside production only", () => {
    for (const issuer of ["http://localhost:4010/oidc", "http://127.0.0.1:4010/oidc", "http://[::1]:4010/oidc"]) {
      expect(checkIssuerUrl(issuer, development)).toMatchObject({ ok: true, plainHttp: true });
      expect(checkIssuerUrl(issuer, production)).toMatchObject({ ok: false, problem: expect.stringContaining("SSO_OIDC_ALLOW_HTTP_LOCALHOST=on") });
      expect(checkIssuerUrl(issuer, productionAllowingLocal)).toMatchObject({ ok: true, plainHttp: true });
    }
  });

  it("refuses http on any other host, even when http on localhost is allowed", () => {
    for (const issuer of ["http://idp.example.com/oidc", "http://localhost.evil.example/oidc", "http://10.0.0.5/oidc"]) {
      expect(checkIssuerUrl(issuer, development)).toMatchObject({ ok: false, problem: expect.stringContaining("https://") });
      expect(checkIssuerUrl(issuer, productionAllowingLocal)).toMatchObject({ ok: false });
    }
  });

  it("refuses what is not an issuer URL", () => {
    expect(checkIssuerUrl("login.example.com", development)).toMatchObject({ ok: false });
    expect(checkIssuerUrl("ftp://idp.example.com", development)).toMatchObject({ ok: false });
    expect(checkIssuerUrl("https://user:pw@idp.example.com", development)).toMatchObject({ ok: false });
    expect(checkIssuerUrl("https://idp.example.com/?tenant=1", development)).toMatchObject({ ok: false });
  });
});
