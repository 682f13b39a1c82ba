// Creates the fresh PostgreSQL database named in DATABASE_URL (used by the postgres e2e webServer
// before `next start`; the app migrates it on start). E2E_PG_SERVER_URL points at any existing
// database on the same server (default postgres://postgres@127.0.0.1:5432/postgres).
import pg from "pg";

const target = new URL(process.env.DATABASE_URL ?? "");
const name = decodeURIComponent(target.pathname.slice(1));
if (!/^roster_e2e_[a-z0-9_]+$/.test(name)) {
  console.error(`create-database: refusing to create "${name}" (expected roster_e2e_…)`);
  process.exit(1);
}
const client = new pg.Client({ connectionString: process.env.E2E_PG_SERVER_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
await client.connect();
try {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  console.log(`[e2e] PostgreSQL database ${name} ready`);
} finally {
  await client.end();
}
