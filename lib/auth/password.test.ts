import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { hashPassword, passwordHashLoad, verifyPassword } from "./password";

describe("password hashing concurrency", () => {
  afterEach(() => {
    delete process.env.PASSWORD_HASH_CONCURRENCY;
    resetEnvCache();
  });

  it("runs at most PASSWORD_HASH_CONCURRENCY hashes at once; the rest queue and all complete", async () => {
    process.env.PASSWORD_HASH_CONCURRENCY = "2";
    resetEnvCache();
    const before = passwordHashLoad().computed;
    const stored = await hashPassword("a long enough password");
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, passwordHashLoad().running)), 1);
    const work = [hashPassword("p1 password"), verifyPassword(stored, "a long enough password"), verifyPassword(null, "x"), hashPassword("p2 password"), verifyPassword(stored, "wrong")];
    expect(passwordHashLoad()).toMatchObject({ running: 2, queued: 3 });
    const results = await Promise.all(work);
    clearInterval(sample);
    expect(results.slice(1, 3)).toEqual([true, false]);
    expect(results[4]).toBe(false);
    expect(peak).toBeLessThanOrEqual(2);
    expect(passwordHashLoad()).toMatchObject({ running: 0, queued: 0, computed: before + 6 });
  });

  it("releases the slot when a hash throws (a malformed stored hash)", async () => {
    process.env.PASSWORD_HASH_CONCURRENCY = "1";
    resetEnvCache();
    expect(await verifyPassword("not-an-argon2-hash", "whatever")).toBe(false);
    expect(passwordHashLoad()).toMatchObject({ running: 0, queued: 0 });
    expect(await verifyPassword(await hashPassword("another password"), "another password")).toBe(true);
  });
});
