// Raw SQL straight on the driver, for the SCIM API's statements and transactions.
// Prisma's $queryRaw adds about 0.3 ms of CPU per call on top of pg (its request pipeline, then
// the adapter's row conversion and the client's own pass over the result): measured on POST /Users,
// 0.90 ms of server CPU per create through Prisma, 0.58 ms straight on the pool; a SCIM PUT or
// PATCH is a read and one statement, or (rare cases) several statements in a transaction. The admin UI and everything else stay on Prisma.
// The embedded engine has its own implementation of the same interface (./pglite-sql.ts).
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * What the SCIM stores need from a database handle: Prisma's client and transaction client fit it,
 * and so do `poolSql` and PGlite's `pgliteSql` (./pglite-sql.ts). Rows come back as pg parses them — the same values $queryRaw gives for
 * the types Roster selects (text, uuid, enums, int4, boolean, timestamptz → Date, json/jsonb →
 * parsed) — but int8 and numeric come back as strings: cast counts to int.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: Prisma.Sql): Promise<T>;
  $executeRaw(query: Prisma.Sql): Promise<number>;
}

/** Runs `work` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it throws. */
export type RawSqlTransaction = <T>(work: (tx: RawSql) => Promise<T>) => Promise<T>;

type StatementNamer = (query: { sql: string }) => string | undefined;

/** A RawSql on a pg pool (or one of its connections); `nameFor` names prepared statements (share the adapter's namer: one name per text). */
export function poolSql(target: pg.Pool | pg.PoolClient, nameFor?: StatementNamer): RawSql {
  const run = (query: Prisma.Sql) => target.query({ text: query.text, values: query.values, name: nameFor?.({ sql: query.text }) });
  return {
    $queryRaw: async <T>(query: Prisma.Sql) => (await run(query)).rows as T,
    $executeRaw: async (query: Prisma.Sql) => (await run(query)).rowCount ?? 0,
  };
}

/** Transactions on one pooled connection, statements named like poolSql's. */
export function poolTransaction(pool: pg.Pool, nameFor?: StatementNamer): RawSqlTransaction {
  return async (work) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(poolSql(client, nameFor));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  };
}
