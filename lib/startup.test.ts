import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";

const saved = { ...process.env };

async function freshStartup(vars: Record<string, string | undefined>) {
  process.env = { ...saved };
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  vi.resetModules(); // the session secret is cached per module instance
  return import("./startup");
}

describe("server start-up checks", () => {
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("stops a PostgreSQL server that has no NEXTAUTH_SECRET, explaining why", async () => {
    const { checkStartupConfiguration } = await freshStartup({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: undefined });
    expect(checkStartupConfiguration()).toMatch(/NEXTAUTH_SECRET is not set.*DATABASE_URL/s);
  });

  it("stops on invalid configuration", async () => {
    const { checkStartupConfiguration } = await freshStartup({ DATABASE_POOL_SIZE: "lots" });
    expect(checkStartupConfiguration()).toMatch(/Invalid configuration: DATABASE_POOL_SIZE/);
  });

  it("stops a production server without PUBLIC_URL (or NEXTAUTH_URL), explaining why; starts with one", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "roster-startup-"));
    const bare = await freshStartup({ NODE_ENV: "production", DATABASE_URL: undefined, DATA_DIR: dataDir, PUBLIC_URL: undefined, NEXTAUTH_URL: undefined });
    expect(bare.checkStartupConfiguration()).toMatch(/PUBLIC_URL is not set.*PUBLIC_URL=https:/s);
    const pinned = await freshStartup({ NODE_ENV: "production", DATABASE_URL: undefined, DATA_DIR: dataDir, PUBLIC_URL: "https://roster.example.com", MAIL_TRANSPORT: "log" });
    expect(pinned.checkStartupConfiguration()).toBeNull();
  });

  it("refuses to start in production without SMTP_URL unless the log transport is chosen explicitly", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "roster-startup-"));
    const base = { DATABASE_URL: undefined, NEXTAUTH_SECRET: undefined, DATA_DIR: dataDir, SMTP_URL: undefined, MAIL_TRANSPORT: undefined, NODE_ENV: "production", PUBLIC_URL: "https://roster.example.com" };
    expect((await freshStartup(base)).checkStartupConfiguration()).toMatch(/SMTP_URL is not set.*MAIL_TRANSPORT=log/s);
    expect((await freshStartup({ ...base, MAIL_TRANSPORT: "log" })).checkStartupConfiguration()).toBeNull();
    expect((await freshStartup({ ...base, SMTP_URL: "smtp://127.0.0.1:2525" })).checkStartupConfiguration()).toBeNull();
    expect((await freshStartup({ ...base, MAIL_TRANSPORT: "smtp" })).checkStartupConfiguration()).toMatch(/MAIL_TRANSPORT=smtp needs SMTP_URL/);
    // Development keeps the zero-configuration log transport.
    expect((await freshStartup({ ...base, NODE_ENV: "development" })).checkStartupConfiguration()).toBeNull();
  });

  it("starts with no configuration at all on the embedded engine, and on PostgreSQL with a secret", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "roster-startup-"));
    const embedded = await freshStartup({ DATABASE_URL: undefined, NEXTAUTH_SECRET: undefined, DATA_DIR: dataDir });
    expect(embedded.checkStartupConfiguration()).toBeNull();
    const postgres = await freshStartup({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/x", NEXTAUTH_SECRET: "a-shared-secret-of-some-length" });
    expect(postgres.checkStartupConfiguration()).toBeNull();
  });
});
