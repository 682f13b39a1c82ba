import { describe, expect, it } from "vitest";
import { identityFromClaims } from "./claims";

describe("identityFromClaims", () => {
  it("reads email, names and groups from the ID token", () => {
    expect(identityFromClaims({ sub: "1", email: "Ann@Example.com", given_name: "Ann", family_name: "Lee", groups: ["Eng", "Ops"] })).toEqual({
      ok: true,
      identity: { email: "Ann@Example.com", givenName: "Ann", familyName: "Lee", groups: ["Eng", "Ops"] },
    });
  });

  it("completes the ID token with userinfo, the ID token winning", () => {
    const result = identityFromClaims({ sub: "1", given_name: "Ann" }, { sub: "1", email: "ann@example.com", given_name: "Anna", family_name: "Lee" });
    expect(result).toEqual({ ok: true, identity: { email: "ann@example.com", givenName: "Ann", familyName: "Lee", groups: undefined } });
  });

  it("falls back to Entra's upn / preferred_username when there is no email claim", () => {
    expect(identityFromClaims({ sub: "1", preferred_username: "bob@contoso.com" })).toMatchObject({ ok: true, identity: { email: "bob@contoso.com" } });
    expect(identityFromClaims({ sub: "1", upn: "carol@contoso.com", preferred_username: "x" })).toMatchObject({ ok: true, identity: { email: "carol@contoso.com" } });
  });

  it("refuses an identity without any email, naming what to configure", () => {
    expect(identityFromClaims({ sub: "1", preferred_username: "bob" })).toMatchObject({ ok: false, problem: expect.stringContaining("email claim") });
  });

  it("refuses an email the provider marks unverified", () => {
    expect(identityFromClaims({ sub: "1", email: "ann@example.com", email_verified: false })).toMatchObject({ ok: false, problem: expect.stringContaining("not verified") });
  });

  it("accepts a single group given as a string and drops non-strings", () => {
    expect(identityFromClaims({ email: "a@b.c", groups: "Eng" })).toMatchObject({ identity: { groups: ["Eng"] } });
    expect(identityFromClaims({ email: "a@b.c", groups: ["Eng", 3, ""] })).toMatchObject({ identity: { groups: ["Eng"] } });
  });
});
