import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashOneTimeSecret, looksLikeOneTimeSecret, newOneTimeSecret, ONE_TIME_SECRET_LENGTH, oneTimeSecretMatchesHash } from "./one-time-secret";

describe("one-time secrets", () => {
  it("are 32 random bytes as 43 characters of unpadded base64url", () => {
    const secret = newOneTimeSecret();
    expect(ONE_TIME_SECRET_LENGTH).toBe(43);
    expect(secret).toHaveLength(43);
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
    expect(Buffer.from(secret, "base64url").toString("base64url")).toBe(secret);
  });

  it("differ from one call to the next", () => {
    const many = new Set(Array.from({ length: 100 }, () => newOneTimeSecret()));
    expect(many.size).toBe(100);
  });

  it("hash to the lowercase-hex SHA-256 of the value, the same every time", () => {
    const secret = newOneTimeSecret();
    const hash = hashOneTimeSecret(secret);
    expect(hash).toBe(createHash("sha256").update(secret, "utf8").digest("hex"));
    expect(hashOneTimeSecret(secret)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashOneTimeSecret(newOneTimeSecret())).not.toBe(hash);
    // A known vector, so a change of algorithm or encoding (which would orphan stored rows) fails here.
    expect(hashOneTimeSecret("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // Prefixed values (API tokens) hash as the whole string.
    expect(hashOneTimeSecret(`roster_${secret}`)).toBe(createHash("sha256").update(`roster_${secret}`).digest("hex"));
  });

  it("shape check accepts a fresh secret and refuses wrong length, alphabet, empty and non-strings", () => {
    expect(looksLikeOneTimeSecret(newOneTimeSecret())).toBe(true);
    expect(looksLikeOneTimeSecret("a".repeat(43))).toBe(true);
    expect(looksLikeOneTimeSecret("a".repeat(42))).toBe(false);
    expect(looksLikeOneTimeSecret("a".repeat(44))).toBe(false);
    expect(looksLikeOneTimeSecret(`${"a".repeat(42)}=`)).toBe(false); // padded base64
    expect(looksLikeOneTimeSecret(`${"a".repeat(42)}+`)).toBe(false); // standard base64 alphabet
    expect(looksLikeOneTimeSecret(`${"a".repeat(42)}/`)).toBe(false);
    expect(looksLikeOneTimeSecret(`${"a".repeat(42)}é`)).toBe(false);
    expect(looksLikeOneTimeSecret(`${"a".repeat(43)}\n`)).toBe(false);
    expect(looksLikeOneTimeSecret(`roster_${newOneTimeSecret()}`)).toBe(false);
    expect(looksLikeOneTimeSecret("")).toBe(false);
    for (const notString of [null, undefined, 43, {}, ["a".repeat(43)], Buffer.from("a".repeat(43))]) {
      expect(looksLikeOneTimeSecret(notString)).toBe(false);
    }
  });

  it("matches a presented value against a stored hash, refusing others and malformed hashes", () => {
    const secret = newOneTimeSecret();
    const stored = hashOneTimeSecret(secret);
    expect(oneTimeSecretMatchesHash(secret, stored)).toBe(true);
    expect(oneTimeSecretMatchesHash(newOneTimeSecret(), stored)).toBe(false);
    expect(oneTimeSecretMatchesHash(secret, "")).toBe(false);
    expect(oneTimeSecretMatchesHash(secret, stored.slice(0, 62))).toBe(false);
    expect(oneTimeSecretMatchesHash(secret, `${stored.slice(0, 63)}z`)).toBe(false);
    expect(oneTimeSecretMatchesHash(secret, "not a hash")).toBe(false);
  });
});
