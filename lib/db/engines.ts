// Opens one of the two engines behind the same Prisma client: PostgreSQL (DATABASE_URL) through
// @prisma/adapter-pg, or embedded PGlite (real Postgres compiled to WASM, in-process) through
// pglite-prisma-adapter. Both run the same SQL migrations.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { guardPrismaInsideTransactions, pgliteSql } from "./pglite-sql";
import { poolSql, poolTransaction, type RawSql, type RawSqlTransaction } from "./raw-sql";
import { createStatementNamer } from "./statement-names";
import { migrate, type Migration, type MigrationConnection, type MigrationResult } from "./migrate";

export type EngineKind = "postgres" | "pglite";

export interface Database {
  kind: EngineKind;
  prisma: PrismaClient;
  /** One statement outside any transaction, skipping Prisma's client where the engine allows (./raw-sql.ts). */
  sql: RawSql;
  /** A transaction of raw statements, likewise. */
  sqlTransaction: RawSqlTransaction;
  /** Applies pending migrations (by default those in prisma/migrations) on a dedicated session. */
  migrate(migrations?: Migration[]): Promise<MigrationResult>;
  close(): Promise<void>;
}

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by another Roster process (pid ${pid}). ` +
        `Stop that process first, or run Roster on PostgreSQL (DATABASE_URL) to share the database.`,
    );
    this.name = "EmbeddedDatabaseBusyError";
  }
}

export interface PostgresOptions {
  /** Name repeated statements so PostgreSQL parses and plans them once per connection (./statement-names.ts). */
  preparedStatements?: boolean;
  /**
   * PostgreSQL's statement_timeout for every pooled connection, in ms (0 or absent: none). The
   * migrator's own connection is not limited. PGlite accepts the setting but never fires it (one
   * WASM thread, no timer signal), so the embedded engine has no equivalent.
   */
  statementTimeoutMs?: number;
}

export function openPostgres(url: string, poolSize = 10, options: PostgresOptions = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}) });
  // An idle pooled connection can be cut by the server (restart, failover, admin termination).
  // Without a listener that 'error' event would crash the process; the pool drops the client and
  // the next query opens a fresh connection.
  pool.on("error", (error) => {
    console.warn(`[db] idle PostgreSQL connection lost: ${error.message}`);
  });
  // The adapter types the generator as always naming; it passes the result to pg as `name`, where
  // undefined means an unnamed statement, which is what a text seen once must stay.
  // ONE namer for both ways in: a name always stands for the same text on a connection.
  const statementNameGenerator = options.preparedStatements === false ? undefined : (createStatementNamer() as (query: { sql: string }) => string);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator }) });
  return {
    kind: "postgres",
    prisma,
    sql: poolSql(pool, statementNameGenerator),
    sqlTransaction: poolTransaction(pool, statementNameGenerator),
    async migrate(migrations) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const conn: MigrationConnection = {
          exec: async (sql) => void (await client.query(sql)),
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        };
        return await migrate(conn, migrations);
      } finally {
        await client.end();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/**
 * A migrated, empty embedded database as a data-directory dump. Tests start each in-memory
 * database from it (lib/db/testing): loading took ~0.35 s here where initdb plus the migrations
 * took ~1.5–2 s, once per test file.
 */
export async function migratedPgliteDump(): Promise<Blob> {
  const db = await PGlite.create({ startParams: pgliteStartParams() });
  try {
    await migrate(pgliteMigrationConnection(db));
    await db.exec("CHECKPOINT");
    return await db.dumpDataDir("none");
  } finally {
    await db.close();
  }
}

function pgliteMigrationConnection(db: PGlite): MigrationConnection {
  return {
    exec: async (sql) => void (await db.exec(sql)),
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
  };
}

/**
 * PGlite's buffer pool. Postgres' default (128 MB) is allocated in PGlite's WASM memory at start
 * and stays resident: measured here, opening a data directory took 255 MB RSS with 128 MB and
 * 130 MB with 16 MB. Pages outside the pool are read through the OS page cache, so a smaller pool
 * costs syscalls, not disk reads; 32 MB holds a 10,000-member directory's hot indexes.
 */
export const DEFAULT_EMBEDDED_SHARED_BUFFERS_MB = 32;

// A start parameter, not PGlite's postgresqlconf option: that one writes over the data directory's whole postgresql.conf.
const pgliteStartParams = (sharedBuffersMb = DEFAULT_EMBEDDED_SHARED_BUFFERS_MB) => [...PGlite.defaultStartParams, "-c", `shared_buffers=${sharedBuffersMb}MB`];

/**
 * In-memory PGlite (tests), or on disk when dataDir is given. `loadDataDir`: start the in-memory
 * database from a dump (migratedPgliteDump) instead of running initdb.
 */
export async function openPglite(dataDir?: string, options: { sharedBuffersMb?: number; loadDataDir?: Blob } = {}): Promise<Database> {
  let releaseLock = async () => {};
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    releaseLock = await lockDataDir(dataDir);
  }
  let db: PGlite;
  try {
    const startParams = pgliteStartParams(options.sharedBuffersMb);
    db = dataDir ? await PGlite.create(path.join(dataDir, "pglite"), { startParams }) : await PGlite.create({ startParams, loadDataDir: options.loadDataDir });
  } catch (error) {
    await releaseLock();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(guardPrismaInsideTransactions(db)) });
  // The same SCIM statements as on PostgreSQL, straight on PGlite's protocol (./pglite-sql.ts),
  // sharing the instance (and its one-at-a-time locks) with Prisma.
  const { sql, sqlTransaction } = pgliteSql(db, createStatementNamer());
  return {
    kind: "pglite",
    prisma,
    sql,
    sqlTransaction,
    migrate: (migrations) => migrate(pgliteMigrationConnection(db), migrations),
    async close() {
      await prisma.$disconnect();
      await db.close();
      await releaseLock();
    },
  };
}

/**
 * A PGlite data directory must only be opened by one process at a time (two would corrupt it).
 * We keep a pid file beside it; a stale one (its process gone) is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockFile = path.join(dataDir, "roster.pid");
  const holder = await readFile(lockFile, "utf8").then((s) => Number.parseInt(s, 10)).catch(() => NaN);
  if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
    throw new EmbeddedDatabaseBusyError(dataDir, holder);
  }
  await writeFile(lockFile, String(process.pid));
  return async () => {
    const current = await readFile(lockFile, "utf8").catch(() => "");
    if (current === String(process.pid)) await rm(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
