import { afterEach, describe, expect, it } from "vitest";
import { getEnv, resetEnvCache } from "./env";

const saved = { ...process.env };

describe("getEnv", () => {
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  function withEnv(vars: Record<string, string | undefined>) {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
    return getEnv();
  }

  it("defaults to the embedded database in ./.data", () => {
    const env = withEnv({ DATABASE_URL: undefined, DATA_DIR: undefined, NEXTAUTH_SECRET: undefined });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe("./.data");
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.DATABASE_PREPARED_STATEMENTS).toBe("on");
  });

  it("lets prepared statements be switched off, and nothing else", () => {
    expect(withEnv({ DATABASE_PREPARED_STATEMENTS: "off" }).DATABASE_PREPARED_STATEMENTS).toBe("off");
    expect(withEnv({ DATABASE_PREPARED_STATEMENTS: "" }).DATABASE_PREPARED_STATEMENTS).toBe("on");
    expect(() => withEnv({ DATABASE_PREPARED_STATEMENTS: "false" })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it("treats empty values as unset", () => {
    const env = withEnv({ DATABASE_URL: "", NEXTAUTH_SECRET: "", SMTP_URL: "", PUBLIC_URL: "", DATABASE_POOL_SIZE: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NEXTAUTH_SECRET).toBeUndefined();
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.PUBLIC_URL).toBeUndefined();
    expect(env.DATABASE_POOL_SIZE).toBe(10);
  });

  it("rejects bad values with the variable's name", () => {
    expect(() => withEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET/);
    expect(() => withEnv({ NEXTAUTH_SECRET: undefined, DATABASE_POOL_SIZE: "-1" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => withEnv({ DATABASE_POOL_SIZE: undefined, PUBLIC_URL: "not a url" })).toThrow(/PUBLIC_URL/);
    expect(() => withEnv({ PUBLIC_URL: undefined, EMBEDDED_SHARED_BUFFERS_MB: "0" })).toThrow(/EMBEDDED_SHARED_BUFFERS_MB/);
    expect(() => withEnv({ EMBEDDED_SHARED_BUFFERS_MB: "lots" })).toThrow(/EMBEDDED_SHARED_BUFFERS_MB/);
    expect(withEnv({ EMBEDDED_SHARED_BUFFERS_MB: "64" }).EMBEDDED_SHARED_BUFFERS_MB).toBe(64);
    expect(withEnv({ EMBEDDED_SHARED_BUFFERS_MB: "" }).EMBEDDED_SHARED_BUFFERS_MB).toBeUndefined();
  });
});
