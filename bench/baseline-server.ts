// The floor: a bare node:http server with a pg pool of 10 (Roster's default pool size) that does
// the one SQL statement a SCIM lookup or create boils down to, with no framework, auth, validation
// or audit. Measured with the same autocannon settings as Roster in the same run, it tells how
// much of Roster's cost is Roster's own rather than this machine's, PostgreSQL's or the client's.
//
//   GET  /lookup?userName=…   SELECT * FROM "Member" WHERE "workspaceId"=$1 AND (lower("userName") COLLATE "C")=lower($2)
//   POST /users  {userName}   INSERT INTO "Member" (…) VALUES (…) RETURNING *
//   GET  /health
//
// The embedded engine's floor is the same server on a bare PGlite (same version, on disk, in this
// process, as Roster's embedded engine is in its): BENCH_PGLITE_DIR=<data dir> instead of
// BENCH_DATABASE_URL. It calls PGlite's documented `db.query(text, params)`, nothing else.
//
// Run as its own process (like next-server) so it does not share the load generator's event loop:
//   BENCH_DATABASE_URL=… BENCH_WORKSPACE_ID=… BENCH_FLOOR_WORKSPACE_ID=… node --import tsx bench/baseline-server.ts
// It prints `LISTENING <port>` once ready (port 0 → an ephemeral port).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export interface BaselineOptions {
  /** PostgreSQL, or… */
  databaseUrl?: string;
  /** …a PGlite data directory (the directory Roster's DATA_DIR points at holds it in `pglite/`). */
  pgliteDir?: string;
  /** Workspace whose members are looked up (the seeded one). */
  workspaceId: string;
  /** Workspace that inserts go to, so the measured workspace keeps its size. */
  insertWorkspaceId: string;
  port?: number;
  host?: string;
  poolSize?: number;
}

export const LOOKUP_SQL = `SELECT * FROM "Member" WHERE "workspaceId" = $1 AND (lower("userName") COLLATE "C") = lower($2)`;
export const INSERT_SQL = `INSERT INTO "Member" ("workspaceId", "userName", "externalId", "givenName", "familyName", "emails", "active", "status", "source")
  VALUES ($1, $2, $3, $4, $5, $6, true, 'INVITED', 'SCIM') RETURNING *`;

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

interface FloorDatabase {
  query(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
  end(): Promise<void>;
}

async function openFloorDatabase(opts: BaselineOptions): Promise<FloorDatabase> {
  if (opts.pgliteDir) {
    const db = await PGlite.create(opts.pgliteDir);
    return { query: (text, values) => db.query(text, values), end: () => db.close() };
  }
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
  return { query: (text, values) => pool.query(text, values), end: () => pool.end() };
}

export async function startBaselineServer(opts: BaselineOptions): Promise<{ server: http.Server; port: number; close(): Promise<void> }> {
  const pool = await openFloorDatabase(opts);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method === "GET" && url.pathname === "/lookup") {
        const { rows } = await pool.query(LOOKUP_SQL, [opts.workspaceId, url.searchParams.get("userName") ?? ""]);
        return send(res, 200, { totalResults: rows.length, Resources: rows });
      }
      if (req.method === "POST" && url.pathname === "/users") {
        const body = JSON.parse(await readBody(req)) as { userName: string; externalId?: string; givenName?: string; familyName?: string };
        const emails = JSON.stringify([{ value: body.userName, type: "work", primary: true }]);
        const { rows } = await pool.query(INSERT_SQL, [
          opts.insertWorkspaceId, body.userName, body.externalId ?? null, body.givenName ?? null, body.familyName ?? null, emails,
        ]);
        return send(res, 201, rows[0]);
      }
      if (req.method === "GET" && url.pathname === "/health") return send(res, 200, { ok: true });
      return send(res, 404, { error: "not found" });
    } catch (error) {
      return send(res, 500, { error: (error as Error).message });
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

if (process.argv[1]?.endsWith("baseline-server.ts")) {
  startBaselineServer({
    ...(process.env.BENCH_PGLITE_DIR ? { pgliteDir: process.env.BENCH_PGLITE_DIR } : { databaseUrl: required("BENCH_DATABASE_URL") }),
    workspaceId: required("BENCH_WORKSPACE_ID"),
    insertWorkspaceId: required("BENCH_FLOOR_WORKSPACE_ID"),
    port: Number(process.env.BENCH_PORT ?? 0),
  }).then(
    (s) => {
      process.stdout.write(`LISTENING ${s.port}\n`);
      const stop = () => void s.close().finally(() => process.exit(0));
      process.on("SIGTERM", stop);
      process.on("SIGINT", stop);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
