import { afterEach, describe, expect, it } from "vitest";
import { cachedToken, invalidateTokenCache, rememberToken, TOKEN_CACHE_TTL_MS } from "./auth-cache";

describe("token lookup cache", () => {
  afterEach(() => invalidateTokenCache());

  it("remembers a lookup for TOKEN_CACHE_TTL_MS, then forgets it", () => {
    rememberToken("hash-a", { id: "a" }, 1_000);
    expect(cachedToken("hash-a", 1_000 + TOKEN_CACHE_TTL_MS - 1)).toEqual({ id: "a" });
    expect(cachedToken("hash-a", 1_000 + TOKEN_CACHE_TTL_MS)).toBeUndefined();
    // …and stays forgotten (the expired entry was dropped, not just hidden).
    expect(cachedToken("hash-a", 1_000)).toBeUndefined();
  });

  it("keeps tokens apart and forgets all of them on invalidation", () => {
    rememberToken("hash-a", { id: "a" }, 0);
    rememberToken("hash-b", { id: "b" }, 0);
    expect(cachedToken("hash-a", 1)).toEqual({ id: "a" });
    expect(cachedToken("hash-b", 1)).toEqual({ id: "b" });
    expect(cachedToken("hash-c", 1)).toBeUndefined();
    invalidateTokenCache();
    expect(cachedToken("hash-a", 1)).toBeUndefined();
    expect(cachedToken("hash-b", 1)).toBeUndefined();
  });

  it("holds at most 1,000 tokens, dropping the oldest first", () => {
    for (let i = 0; i < 1_001; i++) rememberToken(`hash-${i}`, i, 0);
    expect(cachedToken("hash-0", 1)).toBeUndefined();
    expect(cachedToken("hash-1", 1)).toBe(1);
    expect(cachedToken("hash-1000", 1)).toBe(1000);
  });
});
