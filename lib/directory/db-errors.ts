// Classifies database errors the same way on both engines (adapter-pg and PGlite report through
// Prisma's driver-adapter error shape; raw pg/node errors may surface from the migrator or pool).

interface AdapterCause {
  kind?: string;
  code?: string;
  originalCode?: string;
}

/** The driver adapter's mapped cause, wherever Prisma put it. */
function adapterCause(error: unknown): AdapterCause | undefined {
  const e = error as { meta?: { driverAdapterError?: { cause?: AdapterCause } }; cause?: AdapterCause; name?: string };
  if (e?.meta?.driverAdapterError?.cause) return e.meta.driverAdapterError.cause;
  if (e?.name === "DriverAdapterError" && e.cause) return e.cause;
  return undefined;
}

function* causeChain(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === "object" && depth < 8; depth++) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

function sqlState(error: unknown): string | undefined {
  const cause = adapterCause(error);
  if (cause?.originalCode) return cause.originalCode;
  if (cause?.kind === "postgres" && cause.code) return cause.code;
  for (const link of causeChain(error)) {
    if (typeof link.code === "string" && /^[0-9A-Z]{5}$/.test(link.code) && !link.code.startsWith("P")) return link.code;
  }
  return undefined;
}

/** A unique index rejected the write (e.g. lower("userName") per workspace). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string };
  return e?.code === "P2002" || adapterCause(error)?.kind === "UniqueConstraintViolation" || sqlState(error) === "23505";
}

/** Deadlock or serialization failure: the transaction may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  const state = sqlState(error);
  return state === "40001" || state === "40P01" || adapterCause(error)?.kind === "TransactionWriteConflict" || (error as { code?: string })?.code === "P2034";
}

const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError", "DatabaseAccessDenied", "AuthenticationFailed"]);
// P1001 can't reach, P1002 timed out, P1008 operation timeout, P1017 server closed the connection,
// P2024 timed out waiting for a pool connection, P2028 transaction could not start in time.
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/**
 * PostgreSQL cancelled the statement (57014): statement_timeout fired, or an operator cancelled
 * it. The request may well succeed later (→ 503 + Retry-After), it is not a server fault.
 */
export function isStatementCancelled(error: unknown): boolean {
  if (sqlState(error) === "57014") return true;
  const meta = (error as { meta?: { code?: unknown } })?.meta;
  return meta?.code === "57014";
}

/** The database cannot be reached or is refusing work right now (→ 503 + Retry-After). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = adapterCause(error);
  if (cause?.kind && UNAVAILABLE_KINDS.has(cause.kind)) return true;
  const state = sqlState(error);
  // 08xxx connection exceptions, 53300 too many connections, 57P01-57P03 shutdown / cannot connect now.
  if (state && (state.startsWith("08") || state === "53300" || /^57P0[1-3]$/.test(state))) return true;
  for (const link of causeChain(error)) {
    const code = typeof link.code === "string" ? link.code : typeof link.errorCode === "string" ? link.errorCode : undefined;
    if (code && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
    if (link.name === "PrismaClientInitializationError" || link.name === "EmbeddedDatabaseBusyError") return true;
    if (typeof link.message === "string" && /Can't reach database server|Connection terminated|connection refused|too many clients/i.test(link.message)) return true;
  }
  return false;
}
