// The relying party against a REAL OpenID provider (the dev IdP's oidc-provider on a free port):
// real discovery, real signed ID tokens, the library's own verification. Refusals come from
// answers that are really wrong (another state, verifier or nonce than the sign-in's) or from
// the provider issuing deliberately wrong ID tokens, signed with its own key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestOidcProvider } from "@/dev-idp/oidc-testing";
import { OidcFailure } from "./failures";
import { beginAuthorization, clearDiscoveryCache, DISCOVERY_TTL_MS, oidcConfiguration, redeemAuthorizationResponse, type OidcClientSettings } from "./protocol";

const REDIRECT_URI = "http://localhost:3999/api/sso/oidc/callback";
const client = { clientId: "roster-test", clientSecret: "test-secret-0123456789", redirectUris: [REDIRECT_URI] };
const policy = { production: false, allowHttpLocalhost: false };

let idp: Awaited<ReturnType<typeof startTestOidcProvider>>;
let settings: OidcClientSettings;

beforeAll(async () => {
  idp = await startTestOidcProvider({ clients: [client] });
  settings = { issuer: idp.issuer, clientId: client.clientId, clientSecret: client.clientSecret };
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.tamperIdTokens(null);
  clearDiscoveryCache();
});

async function signIn(email = "ada@example.com") {
  const configuration = await oidcConfiguration(settings, policy);
  const { url, authorization } = await beginAuthorization(configuration, REDIRECT_URI);
  const answer = await idp.signInWithoutBrowser(url.href, email);
  return { configuration, url, authorization, answer: answer.searchParams };
}

async function refusal(promise: Promise<unknown>): Promise<OidcFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OidcFailure);
  return error as OidcFailure;
}

describe("OpenID Connect relying party against the dev provider", () => {
  it("sends PKCE S256, state and nonce, and reads the identity from the verified ID token", async () => {
    const { configuration, url, authorization, answer } = await signIn("Grace@Example.com");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get("state")).toBe(authorization.state);
    expect(url.searchParams.get("nonce")).toBe(authorization.nonce);
    expect(url.searchParams.get("code_challenge")).not.toBe(authorization.codeVerifier);
    const result = await redeemAuthorizationResponse(configuration, answer, authorization);
    expect(result.identity).toEqual({ email: "grace@example.com", givenName: "Grace", familyName: "Hopper", groups: ["Engineering", "Admins"] });
    expect(result.usedUserinfo).toBe(false);
    expect(result.claims).toMatchObject({ iss: idp.issuer, aud: client.clientId, nonce: authorization.nonce });
  });

  it("asks userinfo when the ID token carries no email", async () => {
    const lean = await startTestOidcProvider({ clients: [client], claimsInIdToken: false });
    try {
      const configuration = await oidcConfiguration({ ...settings, issuer: lean.issuer }, policy);
      const { url, authorization } = await beginAuthorization(configuration, REDIRECT_URI);
      const answer = await lean.signInWithoutBrowser(url.href, "ada@example.com");
      const result = await redeemAuthorizationResponse(configuration, answer.searchParams, authorization);
      expect(result.claims.email).toBeUndefined();
      expect(result.usedUserinfo).toBe(true);
      expect(result.identity).toMatchObject({ email: "ada@example.com", givenName: "Ada", groups: ["Engineering"] });
    } finally {
      await lean.close();
    }
  });

  it("refuses an answer whose state is not the sign-in's", async () => {
    const { configuration, authorization, answer } = await signIn();
    answer.set("state", "forged-state");
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("state-mismatch");
  });

  it("refuses an ID token whose nonce is not the sign-in's", async () => {
    const { configuration, authorization, answer } = await signIn();
    const failure = await refusal(redeemAuthorizationResponse(configuration, answer, { ...authorization, nonce: "another-sign-ins-nonce" }));
    expect(failure.kind).toBe("nonce-mismatch");
  });

  it("refuses when the PKCE verifier does not match the challenge (the provider refuses the code)", async () => {
    const { configuration, authorization, answer } = await signIn();
    const failure = await refusal(redeemAuthorizationResponse(configuration, answer, { ...authorization, codeVerifier: "x".repeat(43) }));
    expect(failure.kind).toBe("code-rejected");
    expect(failure.detail).toContain("invalid_grant");
  });

  it("refuses a code used twice", async () => {
    const { configuration, authorization, answer } = await signIn();
    await redeemAuthorizationResponse(configuration, answer, authorization);
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("code-rejected");
  });

  it("refuses an ID token from another issuer", async () => {
    idp.tamperIdTokens({ iss: "https://evil.example.com/oidc" });
    const { configuration, authorization, answer } = await signIn();
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("issuer-mismatch");
  });

  it("refuses an answer that names another issuer (RFC 9207 iss parameter)", async () => {
    const { configuration, authorization, answer } = await signIn();
    answer.set("iss", "https://evil.example.com/oidc");
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("issuer-mismatch");
  });

  it("refuses an ID token meant for another client id", async () => {
    idp.tamperIdTokens({ aud: "some-other-client" });
    const { configuration, authorization, answer } = await signIn();
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("audience-mismatch");
  });

  it("accepts an ID token expired by less than the clock tolerance, and refuses it beyond", async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamperIdTokens({ iat: now - 600, exp: now - 20 });
    const lenient = await signIn();
    await expect(redeemAuthorizationResponse(lenient.configuration, lenient.answer, lenient.authorization)).resolves.toBeTruthy();
    clearDiscoveryCache();
    const strictSettings = { ...settings, clockToleranceSeconds: 5 };
    const configuration = await oidcConfiguration(strictSettings, policy);
    const { url, authorization } = await beginAuthorization(configuration, REDIRECT_URI);
    const answer = await idp.signInWithoutBrowser(url.href, "ada@example.com");
    expect((await refusal(redeemAuthorizationResponse(configuration, answer.searchParams, authorization))).kind).toBe("token-expired");
  });

  it("refuses an expired ID token", async () => {
    const now = Math.floor(Date.now() / 1000);
    idp.tamperIdTokens({ iat: now - 3600, exp: now - 600 });
    const { configuration, authorization, answer } = await signIn();
    expect((await refusal(redeemAuthorizationResponse(configuration, answer, authorization))).kind).toBe("token-expired");
  });

  it("accepts the same provider's untampered token again once tampering stops (the refusals are the checks, not the setup)", async () => {
    idp.tamperIdTokens({ aud: "some-other-client" });
    idp.tamperIdTokens(null);
    const { configuration, authorization, answer } = await signIn();
    await expect(redeemAuthorizationResponse(configuration, answer, authorization)).resolves.toMatchObject({ identity: { email: "ada@example.com" } });
  });

  it("refuses an http issuer in production unless allowed", async () => {
    await expect(oidcConfiguration(settings, { production: true, allowHttpLocalhost: false })).rejects.toMatchObject({ kind: "discovery-failed" });
    await expect(oidcConfiguration(settings, { production: true, allowHttpLocalhost: true })).resolves.toBeTruthy();
  });

  it("reuses discovery per issuer and client within the TTL and refreshes after it", async () => {
    const t0 = Date.now();
    const first = await oidcConfiguration(settings, policy, t0);
    expect(await oidcConfiguration(settings, policy, t0 + 1000)).toBe(first);
    expect(await oidcConfiguration({ ...settings, clientSecret: "changed-secret" }, policy, t0 + 1000)).not.toBe(first);
    expect(await oidcConfiguration(settings, policy, t0 + DISCOVERY_TTL_MS + 1)).not.toBe(first);
  });

  it("reports an issuer that is not an OpenID provider as a discovery failure, and tries again next time", async () => {
    const failure = await refusal(oidcConfiguration({ ...settings, issuer: `${new URL(idp.issuer).origin}/not-oidc` }, policy));
    expect(failure.kind).toBe("discovery-failed");
    await expect(oidcConfiguration({ ...settings, issuer: `${new URL(idp.issuer).origin}/not-oidc` }, policy)).rejects.toMatchObject({ kind: "discovery-failed" });
  });
});
