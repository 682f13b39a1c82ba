import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MissingSessionSecretError, resolveSessionSecret, SESSION_SECRET_FILE } from "./secret";

const tempDir = () => mkdtemp(path.join(tmpdir(), "roster-secret-"));

describe("session secret", () => {
  it("uses NEXTAUTH_SECRET when it is set, on either engine", async () => {
    const dir = await tempDir();
    expect(resolveSessionSecret({ NEXTAUTH_SECRET: "from-the-environment-123", DATA_DIR: dir })).toBe("from-the-environment-123");
    expect(resolveSessionSecret({ NEXTAUTH_SECRET: "from-the-environment-123", DATABASE_URL: "postgres://x/y", DATA_DIR: dir })).toBe(
      "from-the-environment-123",
    );
    await expect(stat(path.join(dir, SESSION_SECRET_FILE))).rejects.toThrow();
  });

  it("refuses to run on PostgreSQL without NEXTAUTH_SECRET, saying why", async () => {
    const dir = await tempDir();
    const attempt = () => resolveSessionSecret({ DATABASE_URL: "postgres://postgres@127.0.0.1/roster", DATA_DIR: dir });
    expect(attempt).toThrow(MissingSessionSecretError);
    expect(attempt).toThrow(/NEXTAUTH_SECRET.*DATABASE_URL.*same secret/s);
    await expect(stat(path.join(dir, SESSION_SECRET_FILE))).rejects.toThrow();
  });

  it("on the embedded engine generates a secret once into DATA_DIR (mode 600) and reuses it", async () => {
    const dir = path.join(await tempDir(), "nested", "data");
    const first = resolveSessionSecret({ DATA_DIR: dir });
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dir, SESSION_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, "utf8")).trim()).toBe(first);
    expect(resolveSessionSecret({ DATA_DIR: dir })).toBe(first);
    expect(resolveSessionSecret({ DATA_DIR: await tempDir() })).not.toBe(first);
  });

  it("keeps a secret that is already in DATA_DIR", async () => {
    const dir = await tempDir();
    const existing = "x".repeat(43);
    await writeFile(path.join(dir, SESSION_SECRET_FILE), `${existing}\n`, { mode: 0o600 });
    expect(resolveSessionSecret({ DATA_DIR: dir })).toBe(existing);
  });
});
