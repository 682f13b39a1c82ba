// The migrator: applies prisma/migrations/<timestamp>_<name>/migration.sql files in order, each
// once and in its own transaction, recorded in "_roster_migrations". A Postgres advisory lock
// makes concurrent starts (several app instances, or the CLI beside a server) safe: the second
// waits, then finds nothing left to do. (Prisma Migrate cannot run on these machines.)
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** A single session (not a pool): advisory locks belong to the session that took them. */
export interface MigrationConnection {
  /** Runs a script that may hold several statements. */
  exec(sql: string): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

// Arbitrary constant shared by every Roster process ("roster" in ASCII).
const MIGRATION_LOCK_KEY = 0x726f73746572;

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

// The default directory is spelled out literally below: a path held in a variable makes Next.js's
// file tracing (Turbopack) include the whole project.
export async function loadMigrations(dir?: string): Promise<Migration[]> {
  const entries = dir
    ? await readdir(dir, { withFileTypes: true })
    : await readdir(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = dir
        ? await readFile(path.join(dir, name, "migration.sql"), "utf8")
        : await readFile(path.join(process.cwd(), "prisma", "migrations", name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export async function migrate(conn: MigrationConnection, migrations?: Migration[]): Promise<MigrationResult> {
  const all = migrations ?? (await loadMigrations());
  await conn.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    await conn.exec(`CREATE TABLE IF NOT EXISTS "_roster_migrations" (
      "name" TEXT PRIMARY KEY,
      "checksum" TEXT NOT NULL,
      "appliedAt" TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const rows = await conn.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "_roster_migrations"`);
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of all) {
      const recorded = done.get(migration.name);
      if (recorded !== undefined) {
        // An edited migration would mean this database and a fresh one differ: refuse to guess.
        if (recorded !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied (checksum mismatch)`);
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await conn.exec("BEGIN");
      try {
        await conn.exec(migration.sql);
        await conn.query(`INSERT INTO "_roster_migrations" ("name", "checksum") VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await conn.exec("COMMIT");
      } catch (error) {
        await conn.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await conn.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}
