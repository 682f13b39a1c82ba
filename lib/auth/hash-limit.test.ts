import { describe, expect, it } from "vitest";
import { createLimiter } from "./hash-limit";
import { hashPassword, passwordHashing } from "./password";

describe("createLimiter", () => {
  it("never runs more than `max` tasks at once, and runs them all in order", async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return n;
    };
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => limiter.run(task(n))));
    expect(results).toEqual([...Array(10).keys()]);
    expect(peak).toBe(2);
    expect(started).toEqual([...Array(10).keys()]);
    expect(limiter.active).toBe(0);
    expect(limiter.waiting).toBe(0);
  });

  it("frees the slot when a task fails", async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limiter.run(async () => "next")).toBe("next");
  });
});

describe("hashPassword", () => {
  it("goes through the process-wide limiter (PASSWORD_HASH_CONCURRENCY, default 2)", async () => {
    const hashes = Array.from({ length: 6 }, (_, i) => hashPassword(`password-${i}-long-enough`));
    // All six were asked for at once: two are hashing, four wait their turn.
    expect(passwordHashing().active).toBe(2);
    expect(passwordHashing().waiting).toBe(4);
    expect(new Set(await Promise.all(hashes)).size).toBe(6);
    expect(passwordHashing().active).toBe(0);
  });
});
