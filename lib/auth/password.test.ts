import { describe, expect, it } from "vitest";
import { hashPassword, passwordHashingStats, verifyPassword } from "./password";

describe("hashPassword", () => {
  it("runs at most PASSWORD_HASH_CONCURRENCY (default 2) hashes at once, and all of them", async () => {
    const passwords = Array.from({ length: 6 }, (_, i) => `password-${i}-long-enough`);
    const hashes = await Promise.all(passwords.map(hashPassword));
    expect(passwordHashingStats()).toEqual({ inFlight: 0, peak: 2 });
    expect(new Set(hashes).size).toBe(6);
    expect(await verifyPassword(hashes[3], passwords[3])).toBe(true);
  });
});
