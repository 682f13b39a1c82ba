// GET /api health check: is the database reachable (opened, migrated, answering a query)?
import { getEnv } from "@/lib/env";
import { getDatabase, type Database, type EngineKind } from "@/lib/db";

export type HealthReport =
  | { status: "ok"; database: { engine: EngineKind; ok: true } }
  | { status: "error"; database: { engine: EngineKind; ok: false } };

const CHECK_TIMEOUT_MS = 5_000;

export function configuredEngine(): EngineKind {
  return getEnv().DATABASE_URL ? "postgres" : "pglite";
}

/** Never throws: an unreachable database is a report, not an exception. */
export async function checkHealth(
  openDatabase: () => Promise<Database>,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<{ httpStatus: 200 | 503; body: HealthReport }> {
  const engine = configuredEngine();
  let timer: NodeJS.Timeout | undefined;
  try {
    const check = (async () => {
      const db = await openDatabase();
      await db.prisma.$queryRaw`SELECT 1`;
      return db.kind;
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("database check timed out")), timeoutMs);
    });
    const kind = await Promise.race([check, timeout]);
    return { httpStatus: 200, body: { status: "ok", database: { engine: kind, ok: true } } };
  } catch (error) {
    console.error(`[health] database check failed: ${(error as Error).message}`);
    return { httpStatus: 503, body: { status: "error", database: { engine, ok: false } } };
  } finally {
    clearTimeout(timer);
  }
}

/** The process database's health (what GET /api/health reports). */
export function getHealth() {
  return checkHealth(getDatabase);
}
