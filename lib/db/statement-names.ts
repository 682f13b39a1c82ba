// Names for PostgreSQL prepared statements. Without a name, pg sends every query as an unnamed
// statement that PostgreSQL parses and plans again each time; for Roster's hot SCIM statements
// (a lookup is one wide SELECT with a correlated subquery) that parse + plan costs more server CPU
// than executing them. A named statement is parsed once per pooled connection and, after a few
// executions, runs on PostgreSQL's cached plan.
//
// Named statements live as long as their connection, on both sides, so the set is bounded: a text
// is named only once it has been seen `after` times (one-off shapes such as a rare filter stay
// unnamed), and at most `maxNamed` texts are ever named per process.

export interface StatementNamerOptions {
  /** Executions of the same text before it gets a name (default 2). */
  after?: number;
  /** Most texts ever named by this process (default 256). */
  maxNamed?: number;
  /** Distinct unnamed texts remembered while counting; the count restarts beyond it (default 2,048). */
  maxTracked?: number;
}

/** A `statementNameGenerator` for @prisma/adapter-pg: the name for a SQL text, or undefined for unnamed. */
export function createStatementNamer(options: StatementNamerOptions = {}): (query: { sql: string }) => string | undefined {
  const after = options.after ?? 2;
  const maxNamed = options.maxNamed ?? 256;
  const maxTracked = options.maxTracked ?? 2048;
  const named = new Map<string, string>();
  let seen = new Map<string, number>();
  return ({ sql }) => {
    const name = named.get(sql);
    if (name !== undefined || named.size >= maxNamed) return name;
    const count = (seen.get(sql) ?? 0) + 1;
    if (count < after) {
      if (seen.size >= maxTracked) seen = new Map();
      seen.set(sql, count);
      return undefined;
    }
    seen.delete(sql);
    const fresh = `roster_${named.size + 1}`;
    named.set(sql, fresh);
    return fresh;
  };
}
