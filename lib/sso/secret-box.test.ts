import { describe, expect, it } from "vitest";
import { openSecret, sealSecret, SecretBoxError } from "./secret-box";

const SECRET = "a-session-secret-of-at-least-32-characters!";

describe("secret-box", () => {
  it("round-trips a value and never stores it in clear", () => {
    const sealed = sealSecret("client-secret-value", "conn-1", SECRET);
    expect(sealed).not.toContain("client-secret-value");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(openSecret(sealed, "conn-1", SECRET)).toBe("client-secret-value");
  });

  it("uses a fresh nonce each time", () => {
    expect(sealSecret("same", "c", SECRET)).not.toBe(sealSecret("same", "c", SECRET));
  });

  it("refuses a tampered ciphertext, tag or nonce", () => {
    const sealed = sealSecret("client-secret-value", "conn-1", SECRET);
    const parts = sealed.split(".");
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index], "base64url");
      bytes[0] ^= 0x01;
      const tampered = [...parts];
      tampered[index] = bytes.toString("base64url");
      expect(() => openSecret(tampered.join("."), "conn-1", SECRET)).toThrow(SecretBoxError);
    }
  });

  it("refuses another context (a value copied to another connection) and another key", () => {
    const sealed = sealSecret("client-secret-value", "conn-1", SECRET);
    expect(() => openSecret(sealed, "conn-2", SECRET)).toThrow(SecretBoxError);
    expect(() => openSecret(sealed, "conn-1", SECRET + "x")).toThrow(SecretBoxError);
  });

  it("refuses malformed input without saying what it holds", () => {
    for (const bad of ["", "v1", "v2.a.b.c", "v1.a.b", "v1.a.b.c.d"]) {
      expect(() => openSecret(bad, "c", SECRET)).toThrow(SecretBoxError);
    }
  });
});
