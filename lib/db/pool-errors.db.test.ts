import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgres } from "./engines";
import { openTestDatabase, testEngine } from "./testing";
import type { Database } from "./engines";

describe.runIf(testEngine === "postgres")("PostgreSQL pool resilience (postgres)", () => {
  it("survives the server terminating an idle pooled connection, even while closing", async () => {
    const db = await openTestDatabase();
    const url = (db as Database & { url: string }).url;
    const app = openPostgres(url, 2);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    try {
      await app.prisma.$queryRaw`SELECT 1`; // leaves an idle connection in the pool
      // Prisma's own idle-error listener is gone once the client disconnects, but the pool lives
      // until close() ends it: that window (and a dropped test database) used to crash the process.
      await app.prisma.$disconnect();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      await admin.end();
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      await app.close();
      await db.close();
    }
  });
});
