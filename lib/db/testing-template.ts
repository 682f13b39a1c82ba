// Vitest global setup: one migrated, empty embedded database, dumped once per run, that every
// in-memory test database starts from (lib/db/testing.ts) instead of running initdb and the
// migrations again in each test file. Nothing to do when the tests run on PostgreSQL.
import { rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migratedPgliteDump } from "./engines";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the migrated PGlite data-directory dump, when the run is on the embedded engine. */
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide("pgliteTemplate", null);
    return;
  }
  const file = path.join(os.tmpdir(), `roster-pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await (await migratedPgliteDump()).arrayBuffer()));
  project.provide("pgliteTemplate", file);
  return async () => rm(file, { force: true });
}
