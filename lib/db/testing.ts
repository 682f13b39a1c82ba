// Test databases for *.db.test.ts. With TEST_DATABASE_URL set (a PostgreSQL server URL), each
// call creates a fresh, uniquely named database there and drops it on close; otherwise an
// in-memory PGlite, started from the run's migrated template (lib/db/testing-template.ts). Either
// way it is migrated and ready.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { openPglite, openPostgres, type Database } from "./engines";

export const testEngine: "postgres" | "pglite" = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let db: Database;
  if (serverUrl) {
    const name = `roster_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const inner = openPostgres(url.toString(), 10);
    db = {
      ...inner,
      async close() {
        await inner.close();
        await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
    (db as Database & { url?: string }).url = url.toString();
  } else {
    db = await openPglite(undefined, { loadDataDir: options.migrate !== false ? await pgliteTemplate() : undefined });
  }
  if (options.migrate !== false) await db.migrate();
  return db;
}

let template: Promise<Blob | undefined> | undefined;

/** The run's migrated template (undefined without the global setup: initdb and migrations as before). */
function pgliteTemplate(): Promise<Blob | undefined> {
  template ??= (async () => {
    const file = inject("pgliteTemplate");
    return file ? new Blob([await readFile(file)]) : undefined;
  })();
  return template;
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A test database installed as the process database, for code that calls getPrisma() itself
 * (server actions, route handlers). Pair with closeProcessTestDatabase in afterAll.
 */
export async function openProcessTestDatabase(): Promise<Database> {
  const { setDatabaseForProcess } = await import("./index");
  const db = await openTestDatabase();
  setDatabaseForProcess(db);
  return db;
}

export async function closeProcessTestDatabase(db: Database | undefined): Promise<void> {
  const { setDatabaseForProcess } = await import("./index");
  setDatabaseForProcess(undefined);
  await db?.close();
}
