// The embedded engine's settings: its buffer pool is Roster's choice (RSS), and choosing it leaves
// the data directory's own postgresql.conf (time zone, date style) as initdb wrote it.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readdir } from "node:fs/promises";
import { afterAll, describe, expect, inject, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, openPglite } from "./engines";
import { MIGRATIONS_DIR } from "./migrate";
import { testEngine } from "./testing";

describe("embedded engine settings (PGlite)", () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  const setting = async (db: Awaited<ReturnType<typeof openPglite>>, name: string) =>
    (await db.sql.$queryRaw<{ setting: string }[]>(Prisma.sql`SELECT current_setting(${name}) AS "setting"`))[0].setting;

  it(`uses a ${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB} MB buffer pool unless told otherwise, on disk and in memory`, async () => {
    const memory = await openPglite();
    try {
      expect(await setting(memory, "shared_buffers")).toBe(`${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB}MB`);
    } finally {
      await memory.close();
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), "roster-pglite-"));
    dirs.push(dir);
    const first = await openPglite(dir);
    try {
      expect(await setting(first, "shared_buffers")).toBe(`${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB}MB`);
      expect(await setting(first, "TimeZone")).toBe("UTC");
    } finally {
      await first.close();
    }
    // Reopened with another size (EMBEDDED_SHARED_BUFFERS_MB): applied, and the conf file untouched.
    const again = await openPglite(dir, { sharedBuffersMb: 48 });
    try {
      expect(await setting(again, "shared_buffers")).toBe("48MB");
      expect(await setting(again, "TimeZone")).toBe("UTC");
      expect(await setting(again, "DateStyle")).toBe("ISO, MDY");
    } finally {
      await again.close();
    }
    const conf = await readFile(path.join(dir, "pglite", "postgresql.conf"), "utf8");
    expect(conf).toMatch(/^timezone = UTC/m);
    expect(conf).not.toMatch(/^shared_buffers\s*=\s*48MB/m);
  }, 60_000);

  it.runIf(testEngine === "pglite")("test databases start from the run's migrated template: every migration applied without migrating", async () => {
    const file = inject("pgliteTemplate");
    expect(file).toEqual(expect.stringContaining("roster-pglite-template-"));
    const db = await openPglite(undefined, { loadDataDir: new Blob([await readFile(file!)]) });
    try {
      const applied = await db.sql.$queryRaw<{ name: string }[]>(Prisma.sql`SELECT "name" FROM "_roster_migrations" ORDER BY "name"`);
      const onDisk = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
      expect(applied.map((m) => m.name)).toEqual(onDisk);
      expect(await setting(db, "shared_buffers")).toBe(`${DEFAULT_EMBEDDED_SHARED_BUFFERS_MB}MB`);
    } finally {
      await db.close();
    }
  });
});
