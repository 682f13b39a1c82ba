// The raw-SQL interface (./raw-sql.ts) on embedded PGlite, straight on PGlite's wire protocol, so
// the SCIM statements run the same way on both engines — and give the same rows, parameters and
// errors as the pg pool does:
// - parameters are turned into text by pg's own `prepareValue` (dates, arrays, JSON, null, bigint)
//   and rows parsed by pg's own type parsers (int8/numeric stay strings, timestamptz → Date, json
//   parsed, arrays of built-in types parsed, enum arrays left as text — exactly what pg gives);
// - errors are the protocol's DatabaseError with the SQLSTATE `code`, as pg's are.
// Why not `db.query()`: it sends Parse, Describe, Bind, Describe, Execute and Sync as six calls into
// the WASM engine and parses and plans every statement again. Here a statement is one call (the
// messages pipelined, as pg sends them), and statements seen more than once are prepared under a
// name (PGlite is one long-lived session), so PostgreSQL skips parse and plan. Measured in process
// on a 10,000-row table, on disk, after a warm-up: an indexed lookup 0.08–0.14 ms here vs 0.35–0.6 ms
// through db.query() and 0.8–1.2 ms through Prisma; a single-row insert 0.17–0.2 / 0.37–0.42 / 0.74–1.4 ms.
//
// PGlite runs one statement at a time. Statements take PGlite's own locks, the ones its `query()`
// and `transaction()` take (and so Prisma's adapter), so raw statements and Prisma queries on the
// same instance queue behind each other. A raw transaction holds PGlite's transaction lock until it
// ends: a Prisma query issued from inside one would wait for it forever — pass the transaction's
// RawSql down instead (guarded: such a query fails at once, see guardPrismaInsideTransactions).
import { AsyncLocalStorage } from "node:async_hooks";
import { protocol, type PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql, RawSqlTransaction } from "./raw-sql";

type StatementNamer = (query: { sql: string }) => string | undefined;
type PreparedValue = string | Buffer | null;

// pg's own parameter serialization (exported by pg at runtime, not in its type declarations).
const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): PreparedValue } }).utils.prepareValue;

interface Field {
  name: string;
  dataTypeID: number;
}

interface Outcome {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/** Thrown when a Prisma query is issued on PGlite while a raw transaction holds it (it would wait forever). */
export class PrismaInsideRawTransactionError extends Error {
  constructor() {
    super("A Prisma query was issued inside a raw-SQL transaction on PGlite; it would wait for that transaction forever. Use the transaction's RawSql.");
    this.name = "PrismaInsideRawTransactionError";
  }
}

/** Thrown when the non-transaction RawSql is used while a raw transaction holds PGlite (likewise). */
export class StatementOutsideRawTransactionError extends Error {
  constructor() {
    super("A statement outside the transaction was issued inside a raw-SQL transaction on PGlite; it would wait for that transaction forever. Use the transaction's RawSql.");
    this.name = "StatementOutsideRawTransactionError";
  }
}

const insideTransaction = new AsyncLocalStorage<PGlite>();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Rows affected, from a CommandComplete tag such as "INSERT 0 1", "UPDATE 3", "SELECT 10". */
function affectedRows(tag: string | undefined): number {
  const match = tag ? /(\d+)$/.exec(tag) : null;
  return match ? Number(match[1]) : 0;
}

/** One PGlite instance's statement runner: the names it has prepared, and how to run a statement. */
class Session {
  private readonly prepared = new Set<string>();

  constructor(
    readonly db: PGlite,
    private readonly nameFor?: StatementNamer,
  ) {}

  /** Runs one statement; the caller holds PGlite's query lock. */
  async run(query: Prisma.Sql): Promise<Outcome> {
    const name = this.nameFor?.({ sql: query.text });
    const parse = name === undefined || !this.prepared.has(name);
    const values = query.values.map((v) => prepareValue(v));
    const message = concat([
      ...(parse ? [protocol.serialize.parse({ name: name ?? "", text: query.text })] : []),
      protocol.serialize.bind({ statement: name ?? "", values }),
      protocol.serialize.describe({ type: "P" }),
      protocol.serialize.execute({}),
      protocol.serialize.sync(),
    ]);
    // throwOnError: false — keep every message, so a statement prepared before its Bind failed is known.
    const { messages } = await this.db.execProtocol(message, { syncToFs: false, throwOnError: false });
    let fields: Field[] = [];
    let parsers: ((text: string) => unknown)[] = [];
    const rows: Record<string, unknown>[] = [];
    let tag: string | undefined;
    let failure: Error | undefined;
    for (const m of messages) {
      switch (m.name) {
        case "parseComplete":
          if (name !== undefined) this.prepared.add(name);
          break;
        case "rowDescription":
          fields = (m as unknown as { fields: Field[] }).fields;
          parsers = fields.map((f) => pg.types.getTypeParser(f.dataTypeID, "text") as (text: string) => unknown);
          break;
        case "dataRow": {
          const cells = (m as unknown as { fields: (string | null)[] }).fields;
          const row: Record<string, unknown> = {};
          for (let i = 0; i < fields.length; i++) row[fields[i].name] = cells[i] === null ? null : parsers[i](cells[i] as string);
          rows.push(row);
          break;
        }
        case "commandComplete":
          tag = (m as unknown as { text: string }).text;
          break;
        case "error":
          failure ??= m as unknown as Error;
          break;
      }
    }
    if (failure) throw failure;
    return { rows, rowCount: affectedRows(tag) };
  }

  sql(inTransaction: boolean): RawSql {
    // Outside a transaction a statement takes both of PGlite's locks, as its query() does; inside
    // one, the transaction already holds the outer lock.
    const run = (query: Prisma.Sql) => {
      if (inTransaction) return this.db._runExclusiveQuery(() => this.run(query));
      // The non-transaction RawSql used from inside a transaction would wait for it forever.
      if (insideTransaction.getStore() === this.db) return Promise.reject(new StatementOutsideRawTransactionError());
      return this.db._runExclusiveTransaction(() => this.db._runExclusiveQuery(() => this.run(query)));
    };
    return {
      $queryRaw: async <T>(query: Prisma.Sql) => (await run(query)).rows as T,
      $executeRaw: async (query: Prisma.Sql) => (await run(query)).rowCount,
    };
  }
}

export interface PgliteRawSql {
  sql: RawSql;
  sqlTransaction: RawSqlTransaction;
}

/** RawSql and RawSqlTransaction on one PGlite instance; `nameFor` decides which texts get prepared. */
export function pgliteSql(db: PGlite, nameFor?: StatementNamer): PgliteRawSql {
  const session = new Session(db, nameFor);
  const outside = session.sql(false);
  const inside = session.sql(true);
  return {
    sql: outside,
    // PGlite's transaction(): BEGIN, then COMMIT when the work resolves or ROLLBACK when it throws
    // (READ COMMITTED, the default). A failed statement aborts it; the error propagates and rolls it back.
    sqlTransaction: (work) => db.transaction(() => insideTransaction.run(db, () => work(inside))),
  };
}

/**
 * The PGlite instance to hand Prisma's adapter: the same one, except that a query issued while a
 * raw transaction on it is in progress (in the same async context) fails at once instead of
 * waiting forever for that transaction's lock.
 */
export function guardPrismaInsideTransactions(db: PGlite): PGlite {
  const guard = <F extends (...args: never[]) => Promise<unknown>>(fn: F): F =>
    ((...args: Parameters<F>) => (insideTransaction.getStore() === db ? Promise.reject(new PrismaInsideRawTransactionError()) : fn(...args))) as F;
  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      const bound = (value as (...args: never[]) => unknown).bind(target);
      return property === "query" || property === "exec" || property === "transaction" ? guard(bound as (...args: never[]) => Promise<unknown>) : bound;
    },
  });
}
