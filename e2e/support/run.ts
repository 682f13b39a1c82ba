// Per-run settings shared by playwright.config.ts, the fixtures and the teardown. Decided once in
// the Playwright runner process and handed to workers (and servers) through environment
// variables, because the config file is evaluated again in every worker.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const env = process.env;
env.E2E_RUN_ID ??= `${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
env.E2E_PGLITE_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "roster-e2e-"));
env.E2E_PG_SERVER_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";

const postgresUrl = new URL(env.E2E_PG_SERVER_URL);
postgresUrl.pathname = `/roster_e2e_${env.E2E_RUN_ID}`;

const portBase = Number(env.E2E_PORT_BASE ?? 3100);

export const e2eRun = {
  id: env.E2E_RUN_ID,
  pgliteDataDir: env.E2E_PGLITE_DATA_DIR,
  postgresServerUrl: env.E2E_PG_SERVER_URL,
  postgresUrl: postgresUrl.toString(),
  /** Shared by both app servers: sessions are signed with it. */
  sessionSecret: env.E2E_NEXTAUTH_SECRET ?? "e2e-session-secret-not-for-production",
  ports: { pglite: portBase, postgres: portBase + 1 },
};
