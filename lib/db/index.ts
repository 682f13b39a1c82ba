// The app's database: one per process, opened and migrated on first use, then reused.
// Kept on globalThis so `next dev` module reloads reuse it instead of reopening the PGlite data
// directory (which one process may hold only once).
import { getEnv } from "@/lib/env";
import { openPglite, openPostgres, type Database } from "./engines";

export type { Database, EngineKind } from "./engines";
export { EmbeddedDatabaseBusyError } from "./engines";

const holder = globalThis as typeof globalThis & { __rosterDatabase?: Promise<Database> };

export async function openConfiguredDatabase(): Promise<Database> {
  const env = getEnv();
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL, env.DATABASE_POOL_SIZE, { preparedStatements: env.DATABASE_PREPARED_STATEMENTS === "on", statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS }) : openPglite(env.DATA_DIR, { sharedBuffersMb: env.EMBEDDED_SHARED_BUFFERS_MB });
}

/** The process-wide database, migrated. */
export function getDatabase(): Promise<Database> {
  if (!holder.__rosterDatabase) {
    holder.__rosterDatabase = (async () => {
      const db = await openConfiguredDatabase();
      try {
        await db.migrate();
      } catch (error) {
        await db.close().catch(() => {});
        throw error;
      }
      return db;
    })();
    // A failed open must not poison the process: the next call tries again.
    holder.__rosterDatabase.catch(() => {
      holder.__rosterDatabase = undefined;
    });
  }
  return holder.__rosterDatabase;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}

type AppPrisma = Database["prisma"];

/**
 * Binds a domain function `(prisma, ...args)` to the process database, so pages and server
 * actions call `listMembers(args)` without ever holding the Prisma client (lint forbids it).
 */
export function onAppDatabase<A extends unknown[], T>(fn: (prisma: AppPrisma, ...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => fn(await getPrisma(), ...args);
}

/** The same for lib/lifecycle transitions, which take the process database's transaction runner. */
export function onAppTransactions<A extends unknown[], T>(fn: (transaction: Database["sqlTransaction"], ...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args: A) => fn((await getDatabase()).sqlTransaction, ...args);
}

/** Used by tests and the CLI to inject or drop the process database. */
export function setDatabaseForProcess(db: Database | undefined): void {
  holder.__rosterDatabase = db ? Promise.resolve(db) : undefined;
}
