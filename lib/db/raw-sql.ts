// Raw SQL straight on the driver, for the hot SCIM statements that run outside any transaction.
// Prisma's $queryRaw adds about 0.3 ms of CPU per call on top of pg (its request pipeline, then
// the adapter's row conversion and the client's own pass over the result): measured on POST /Users,
// 0.90 ms of server CPU per create through Prisma, 0.58 ms straight on the pool. Transactions and
// everything else stay on Prisma.
import type pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * What the SCIM stores need from a database handle: Prisma's client and transaction client fit it,
 * and so does `poolSql`. Rows come back as pg parses them — the same values $queryRaw gives for
 * the types Roster selects (text, uuid, enums, int4, boolean, timestamptz → Date, json/jsonb →
 * parsed) — but int8 and numeric come back as strings: cast counts to int.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: Prisma.Sql): Promise<T>;
  $executeRaw(query: Prisma.Sql): Promise<number>;
}

/** A RawSql on a pg pool; `nameFor` names prepared statements (share the adapter's namer: one name per text). */
export function poolSql(pool: pg.Pool, nameFor?: (query: { sql: string }) => string | undefined): RawSql {
  const run = (query: Prisma.Sql) => pool.query({ text: query.text, values: query.values, name: nameFor?.({ sql: query.text }) });
  return {
    $queryRaw: async <T>(query: Prisma.Sql) => (await run(query)).rows as T,
    $executeRaw: async (query: Prisma.Sql) => (await run(query)).rowCount ?? 0,
  };
}
