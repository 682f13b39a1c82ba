// After the run: drop the PostgreSQL e2e database and delete the embedded DATA_DIR (set
// E2E_KEEP_DATA=1 to keep both for a look). Runs while the servers are still up, hence FORCE.
import { rm } from "node:fs/promises";
import pg from "pg";
import { e2eRun } from "./run";

export default async function globalTeardown() {
  if (process.env.E2E_KEEP_DATA === "1") {
    console.log(`[e2e] kept ${e2eRun.postgresUrl} and ${e2eRun.pgliteDataDir}`);
    return;
  }
  const name = new URL(e2eRun.postgresUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: e2eRun.postgresServerUrl });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } catch (error) {
    console.warn(`[e2e] could not drop ${name}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  await rm(e2eRun.pgliteDataDir, { recursive: true, force: true });
}
