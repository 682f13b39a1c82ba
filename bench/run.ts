// `npm run bench` — the SCIM benchmark with a same-run floor. See bench/README section in the
// project README (or `npm run bench -- --help`).
//
// 1. creates a fresh PostgreSQL database roster_bench_<ts>, migrates it with the app's migrator and
//    seeds it with bulk SQL (100,000 members, a 50,000-member and a 10-member group, an API token,
//    an admin with a known password);
// 2. measures the floor (bench/baseline-server.ts: node:http + pg, one SQL statement);
// 3. starts the production build (`next start`) on that database and drives the SCIM API with
//    autocannon, then the end-to-end scenarios and the admin UI, sampling the server's RSS;
// 4. on the embedded engine (a PGlite data directory seeded before its servers start): a bare-PGlite
//    floor (the same baseline server on PGlite), then `npm start` with no DATABASE_URL on it — the
//    single-resource SCIM scenarios, lists, the initial push — and its Members page on a directory
//    grown to 100,000 members; PGlite scenarios get a longer warm-up (its WASM warms up over seconds);
// 5. prints a markdown report with ratios to the floor and PASS/MISS per target, writes it to
//    bench/results/<ts>.md (+ .json), stops everything and drops the database (unless --keep).
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import { openPglite, openPostgres } from "@/lib/db/engines";
import { evaluateTargets, exitCode, renderMarkdown, type BenchResults, type Engine, type LoadResult } from "./report";
import {
  EMBEDDED_SCENARIOS,
  deepStartIndexFor,
  floorScenarios,
  measurementUnits,
  runGroupBuild,
  runInitialPush,
  runLoads,
  runUiTiming,
  scimScenarios,
  type LoadScenario,
  type ScenarioPlan,
  type WalCounters,
} from "./scenarios";
import { createBenchToken, growDirectory, seedDirectory, sqlRunnerFor, type SeededDirectory } from "./seed";
import { SERVER_BUNDLE, TICK_MS, freePort, machineBusyTicks, postgresCpuTicks, startBaseline, startNext, treeCpuTicks, waitForIdle, type NextServer } from "./server";

const HELP = `Usage: npm run bench -- [options]

  --quick               smoke run (< 1 min): 2,000 members, 1 s per scenario, concurrency 10;
                        targets informational, exits non-zero only on errors
  --members N           members in the seeded directory (default 100000; quick 2000)
  --duration S          seconds per load scenario (default 10; quick 1)
  --warmup S            warm-up seconds before each (default 2; quick 0)
  --connections LIST    concurrency levels, e.g. 10,50 (default 10,50; quick 10)
  --only LIST           run only scenarios whose id starts with one of these (e.g. users.get,groups)
  --skip-embedded       skip the embedded-engine (PGlite) scenarios
  --embedded-members N  members in the embedded directory (default 20000, so PATCH active=false
                        disables a different member on every request at c=10; quick 1000)
  --embedded-ui-members N  members the embedded directory grows to for its Members page (default 100000; quick: no growth)
  --embedded-warmup S   warm-up seconds before each embedded scenario, floor included (default 5; quick 2)
  --skip-ui             skip the admin UI timing
  --pg-url URL          PostgreSQL server to create the bench database on
                        (default $BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --rebuild             run \`npm run build\` even if a build exists
  --keep                keep the bench database (and print its URL) for EXPLAIN afterwards
  --cpu-prof            write V8 CPU profiles of the Roster server to bench/results/<ts>-cpuprof/
  --explain-ms MS       log EXPLAIN (ANALYZE, BUFFERS) of bench-database statements slower than MS
                        (auto_explain, per database; goes to the PostgreSQL server log)
  -h, --help

Exit status: 0 ok; 1 a scenario had errors or failed; 3 (full run only) a target was missed.`;

export interface BenchConfig {
  quick: boolean;
  members: number;
  durationS: number;
  warmupS: number;
  connections: number[];
  only: string[];
  skipEmbedded: boolean;
  embedded: { members: number; uiMembers: number; warmupS: number };
  skipUi: boolean;
  pgUrl: string;
  rebuild: boolean;
  keep: boolean;
  cpuProf: boolean;
  explainMs: number | null;
  push: { users: number; clients: number };
  groupBuild: { batches: number; batchSize: number };
  uiRequests: number;
}

export function parseConfig(argv: string[], env: Record<string, string | undefined> = process.env): BenchConfig | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      members: { type: "string" },
      duration: { type: "string" },
      warmup: { type: "string" },
      connections: { type: "string" },
      only: { type: "string" },
      "skip-embedded": { type: "boolean", default: false },
      "embedded-members": { type: "string" },
      "embedded-ui-members": { type: "string" },
      "embedded-warmup": { type: "string" },
      "skip-ui": { type: "boolean", default: false },
      "pg-url": { type: "string" },
      rebuild: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "cpu-prof": { type: "boolean", default: false },
      "explain-ms": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return "help";
  const quick = values.quick ?? false;
  const num = (name: string, v: string | undefined, fallback: number, min = 0) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
    return n;
  };
  const members = Math.floor(num("members", values.members, quick ? 2_000 : 100_000, 20));
  const embeddedMembers = Math.floor(num("embedded-members", values["embedded-members"], quick ? 1_000 : 20_000, 20));
  const connections = (values.connections ?? (quick ? "10" : "10,50")).split(",").map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 1) throw new Error(`--connections: "${s}" is not a positive integer`);
    return n;
  });
  return {
    quick,
    members,
    durationS: num("duration", values.duration, quick ? 1 : 10, 0.1),
    warmupS: num("warmup", values.warmup, quick ? 0 : 2, 0),
    connections,
    only: values.only ? values.only.split(",").map((s) => s.trim()).filter(Boolean) : [],
    skipEmbedded: values["skip-embedded"] ?? false,
    embedded: {
      members: embeddedMembers,
      uiMembers: Math.max(embeddedMembers, Math.floor(num("embedded-ui-members", values["embedded-ui-members"], quick ? embeddedMembers : 100_000, 20))),
      warmupS: num("embedded-warmup", values["embedded-warmup"], quick ? 2 : 5, 0),
    },
    skipUi: values["skip-ui"] ?? false,
    pgUrl: values["pg-url"] ?? env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    rebuild: values.rebuild ?? false,
    keep: values.keep ?? false,
    cpuProf: values["cpu-prof"] ?? false,
    explainMs: values["explain-ms"] === undefined ? null : num("explain-ms", values["explain-ms"], 0),
    // The full run's sizes are the targets' (10,000 users; 50 × 100); quick mode scales them down.
    push: { users: quick ? 200 : 10_000, clients: 10 },
    groupBuild: quick ? { batches: 5, batchSize: 100 } : { batches: 50, batchSize: 100 },
    uiRequests: quick ? 3 : 10,
  };
}

export const selected = (only: string[], id: string) => only.length === 0 || only.some((p) => id.startsWith(p));

function timestamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, "").replace("T", "_").slice(0, 15).toLowerCase();
}

function log(message: string) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** One statement on its own connection (the bench's side channel to PostgreSQL); its rows. */
async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(serverUrl: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * VACUUM (and ANALYZE) the tables autovacuum would have by now, by its own thresholds: dead rows
 * over autovacuum_vacuum_threshold + autovacuum_vacuum_scale_factor × rows, rows inserted since
 * the last vacuum over the insert thresholds, changes since the last analyze over the analyze
 * thresholds. Returns what it did, e.g. ["Member (vacuum, analyze)"].
 */
async function vacuumLikeAutovacuum(databaseUrl: string): Promise<string[]> {
  const rows = await adminQuery<{ table: string; vacuum: boolean; analyze: boolean }>(
    databaseUrl,
    `
      WITH s AS (SELECT name, setting::float8 AS v FROM pg_settings WHERE name LIKE 'autovacuum_%')
      SELECT t.relname AS "table",
        t.n_dead_tup > (SELECT v FROM s WHERE name = 'autovacuum_vacuum_threshold') + (SELECT v FROM s WHERE name = 'autovacuum_vacuum_scale_factor') * greatest(c.reltuples, 0)
          OR t.n_ins_since_vacuum > (SELECT v FROM s WHERE name = 'autovacuum_vacuum_insert_threshold') + (SELECT v FROM s WHERE name = 'autovacuum_vacuum_insert_scale_factor') * greatest(c.reltuples, 0) AS vacuum,
        t.n_mod_since_analyze > (SELECT v FROM s WHERE name = 'autovacuum_analyze_threshold') + (SELECT v FROM s WHERE name = 'autovacuum_analyze_scale_factor') * greatest(c.reltuples, 0) AS analyze
      FROM pg_stat_user_tables t JOIN pg_class c ON c.oid = t.relid`,
  );
  const done: string[] = [];
  for (const r of rows) {
    if (!r.vacuum && !r.analyze) continue;
    const command = r.vacuum ? (r.analyze ? "VACUUM (ANALYZE)" : "VACUUM") : "ANALYZE";
    await adminQuery(databaseUrl, `${command} "${r.table.replaceAll('"', '""')}"`);
    done.push(`${r.table} (${[r.vacuum && "vacuum", r.analyze && "analyze"].filter(Boolean).join(", ")})`);
  }
  return done;
}

/** The server's WAL position (bytes since 0/0) and its count of full-page images so far. */
async function walCounters(serverUrl: string): Promise<WalCounters> {
  const [row] = await adminQuery<{ bytes: string; fpi: string }>(
    serverUrl,
    `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::text AS bytes, (SELECT wal_fpi FROM pg_stat_wal)::text AS fpi`,
  );
  return { bytes: Number(row.bytes), fullPageImages: Number(row.fpi) };
}

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Newest mtime under dir (skipping generated code), to warn when .next is older than the sources. */
function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith(".test.ts")) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuild(root: string, rebuild: boolean) {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!rebuild && existsSync(buildId) && existsSync(path.join(root, SERVER_BUNDLE))) {
    const built = statSync(buildId).mtimeMs;
    const sources = Math.max(...["app", "lib", "components"].map((d) => newestMtime(path.join(root, d))));
    if (sources > built) log("warning: app/, lib/ or components/ changed after the last `next build`; pass --rebuild to measure the current code");
    return;
  }
  log("running `npm run build` (no production build found)…");
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}

function machineDescription(pgVersion: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "cpu";
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${pgVersion}`;
}

interface Cleanup {
  label: string;
  run: () => Promise<void>;
}

async function main(): Promise<number> {
  const parsed = parseConfig(process.argv.slice(2));
  if (parsed === "help") {
    console.log(HELP);
    return 0;
  }
  const cfg = parsed;
  const root = process.cwd();
  const started = Date.now();
  const loadAvgAtStart = os.loadavg()[0];
  const ts = timestamp();
  const runId = `${ts.replace("_", "")}${randomBytes(2).toString("hex")}`;
  const resultsDir = path.join(root, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });

  const cleanups: Cleanup[] = [];
  // One cleanup pass, however many callers (the signal handler and main's finally) ask for it.
  let cleaning: Promise<void> | undefined;
  const runCleanups = () =>
    (cleaning ??= (async () => {
      while (cleanups.length > 0) {
        const c = cleanups.pop()!;
        try {
          await c.run();
        } catch (error) {
          log(`cleanup "${c.label}" failed: ${(error as Error).message}`);
        }
      }
    })());
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    log("interrupted: cleaning up…");
    void runCleanups().finally(() => process.exit(130));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    ensureBuild(root, cfg.rebuild);

    // ---- Database -----------------------------------------------------------------------------
    const dbName = `roster_bench_${runId}`;
    const dbUrl = withDatabase(cfg.pgUrl, dbName);
    await adminQuery(cfg.pgUrl, `CREATE DATABASE "${dbName}"`);
    if (cfg.keep) log(`keeping database: ${dbUrl}`);
    else cleanups.push({ label: "drop database", run: async () => { await adminQuery(cfg.pgUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`); } });
    if (cfg.explainMs !== null) {
      for (const setting of [
        `session_preload_libraries = 'auto_explain'`,
        `auto_explain.log_min_duration = ${Math.round(cfg.explainMs)}`,
        `auto_explain.log_analyze = on`,
        `auto_explain.log_buffers = on`,
        `auto_explain.log_nested_statements = on`,
      ]) {
        await adminQuery(cfg.pgUrl, `ALTER DATABASE "${dbName}" SET ${setting}`);
      }
      log(`auto_explain on for ${dbName} (statements ≥ ${cfg.explainMs} ms → PostgreSQL server log)`);
    }

    const adminPassword = `bench-${randomBytes(9).toString("base64url")}`;
    const seedStarted = performance.now();
    const db = openPostgres(dbUrl, 4);
    let directory: SeededDirectory;
    let token: string;
    let pgVersion = "PostgreSQL";
    let autovacuum = true;
    try {
      await db.migrate();
      log(`seeding ${cfg.members.toLocaleString("en-US")} members on PostgreSQL (${dbName})…`);
      ({ directory } = await seedDirectory(sqlRunnerFor(db), { label: `pg${runId}`, members: cfg.members, adminPassword }));
      token = await createBenchToken(db, directory.workspaceId);
      if (cfg.keep) log(`kept for investigation: workspace "${directory.workspaceSlug}", admin ${directory.admin.email} / ${adminPassword}, SCIM token ${token}`);
      const [{ v }] = await db.prisma.$queryRawUnsafe<{ v: string }[]>(`SELECT split_part(version(), ' ', 1) || ' ' || split_part(version(), ' ', 2) AS v`);
      pgVersion = v;
      const [{ setting }] = await db.prisma.$queryRawUnsafe<{ setting: string }[]>(`SELECT setting FROM pg_settings WHERE name = 'autovacuum'`);
      autovacuum = setting === "on";
    } finally {
      await db.close();
    }
    const seedMs: Record<string, number> = { postgres: performance.now() - seedStarted };
    log(`seeded in ${(seedMs.postgres / 1000).toFixed(1)} s`);

    let commit: string | undefined;
    try {
      commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      commit = undefined;
    }

    const results: BenchResults = {
      meta: {
        startedAt: new Date(started).toISOString(),
        mode: cfg.quick ? "quick" : "full",
        members: cfg.members,
        bigGroupSize: directory.bigGroupSize,
        durationS: cfg.durationS,
        warmupS: cfg.warmupS,
        connections: cfg.connections,
        machine: `${machineDescription(pgVersion)}${autovacuum ? "" : " (autovacuum off: before each scenario the bench vacuums the tables autovacuum would have, by its thresholds, and runs VACUUM ANALYZE before the initial push)"}${cfg.quick ? "" : "; a CHECKPOINT before every measured scenario"}`,
        commit,
        database: cfg.keep ? dbName : undefined,
        seedMs,
        loadAvgAtStart,
        embedded: cfg.skipEmbedded ? undefined : cfg.embedded,
      },
      baseline: [],
      load: [],
      oneOffs: [],
      peakRssMb: null,
      failures: [],
    };
    const plan: ScenarioPlan = { directory, runId, deepStartIndex: deepStartIndexFor(cfg.members) };

    const attempt = async (id: string, fn: () => Promise<void>) => {
      if (interrupted) return;
      try {
        await fn();
      } catch (error) {
        log(`${id} failed: ${(error as Error).message}`);
        results.failures.push({ id, message: (error as Error).message });
      }
    };
    const loadAll = async (
      scenarios: LoadScenario[],
      baseUrl: string,
      engine: Engine,
      into: LoadResult[],
      target: { pid: number; server?: NextServer; token?: string },
    ) => {
      const { server, token: authToken } = target;
      for (const unit of measurementUnits(scenarios)) {
        const label = unit.map((s) => s.id).join(" ⇄ ");
        for (const connections of cfg.connections) {
          await attempt(`${label} c=${connections} [${engine}]`, async () => {
            // Every scenario, floor included, starts right after a checkpoint: otherwise one that
            // PostgreSQL's WAL-triggered checkpoint happens to overlap (flushing what seeding or
            // an earlier scenario wrote) pays for that work — up to a third more PostgreSQL CPU
            // per POST /Users in the same run.
            const embeddedEngine = engine === "pglite" || engine === "baseline-pglite";
            if (!cfg.quick && !embeddedEngine) {
              // Where autovacuum is off (this machine's server), do what it would have done since
              // the last scenario: otherwise a scenario runs on the dead rows and bloated indexes
              // an earlier one left (PATCH after PUT's 30,000 updates), which no production server keeps.
              if (!autovacuum) {
                const vacuumed = await vacuumLikeAutovacuum(dbUrl);
                if (vacuumed.length > 0) log(`  autovacuum is off on this server: vacuumed ${vacuumed.join(", ")} as it would have`);
              }
              await adminQuery(dbUrl, "CHECKPOINT");
            }
            // Requests still running when the clients stopped would slow the next scenario (or
            // slice) down; a quick run measures nothing that this would skew, and must stay under a minute.
            const settle = () => (cfg.quick ? Promise.resolve(0) : waitForIdle(() => treeCpuTicks(target.pid)));
            const measured = await runLoads(
              unit,
              {
                baseUrl,
                token: authToken,
                engine,
                connections,
                durationS: cfg.durationS,
                warmupS: embeddedEngine ? cfg.embedded.warmupS : cfg.warmupS,
                // The embedded engine runs inside the server process: no separate database CPU.
                walMeter: embeddedEngine ? undefined : () => walCounters(dbUrl),
                cpuClocks: {
                  server: () => treeCpuTicks(target.pid) * TICK_MS,
                  postgres: () => (embeddedEngine ? Number.NaN : postgresCpuTicks() * TICK_MS),
                  machine: () => machineBusyTicks() * TICK_MS,
                  self: () => {
                    const u = process.cpuUsage();
                    return (u.user + u.system) / 1000;
                  },
                },
              },
              settle,
            );
            for (const { result: r, windows } of measured) {
              if (server) r.peakRssMb = Math.max(...windows.map(([from, to]) => server.rss.peakSampledKb(from, to))) / 1024;
              into.push(r);
            }
            const last = measured[measured.length - 1].result;
            const busyMs = await settle();
            if (busyMs >= 1000) {
              last.note = [last.note, `server busy ${(busyMs / 1000).toFixed(0)} s after the run`].filter(Boolean).join("; ");
              log(`  server kept working ${(busyMs / 1000).toFixed(1)} s after ${last.id} c=${connections}`);
            }
            for (const { result: r } of measured) {
              log(
                `${engine} ${r.id} c=${connections}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ` +
                  `errors ${r.non2xx + r.errors}, CPU/req server ${r.serverCpuMs?.toFixed(2)} ms, postgres ${r.pgCpuMs?.toFixed(2)} ms, other load ${r.foreignCpuPct?.toFixed(0)}%`,
              );
            }
          });
        }
      }
    };

    /** The floor's two scenarios on the baseline server, on PostgreSQL or on a PGlite data directory. */
    const measureFloor = async (where: { databaseUrl: string } | { pgliteDir: string }, floorPlan: ScenarioPlan, engine: "baseline" | "baseline-pglite") => {
      const d = floorPlan.directory;
      const baseline = await startBaseline({ cwd: root, ...where, workspaceId: d.workspaceId, insertWorkspaceId: d.floorWorkspaceId });
      cleanups.push({ label: `stop ${engine}`, run: () => baseline.stop() });
      try {
        await loadAll(floorScenarios(floorPlan), baseline.url, engine, results.baseline, { pid: baseline.proc.pid });
      } finally {
        await baseline.stop();
      }
    };

    // ---- Floor ---------------------------------------------------------------------------------
    await attempt("baseline", async () => {
      await measureFloor({ databaseUrl: dbUrl }, plan, "baseline");
      // The floor's inserts went to their own workspace; remove them so the table Roster is
      // measured on is the seeded one.
      await adminQuery(dbUrl, `DELETE FROM "Member" WHERE "workspaceId" = '${directory.floorWorkspaceId}'`);
      await adminQuery(dbUrl, `VACUUM ANALYZE "Member"`);
    });

    // ---- Roster on PostgreSQL ------------------------------------------------------------------
    const sessionSecret = randomBytes(32).toString("base64url");
    await attempt("roster-postgres", async () => {
      const port = await freePort();
      const cpuProfDir = path.join(resultsDir, `${ts}-cpuprof`);
      if (cfg.cpuProf) mkdirSync(cpuProfDir, { recursive: true });
      log(`starting next on PostgreSQL (port ${port})…`);
      const server = await startNext({
        cwd: root,
        port,
        env: {
          DATABASE_URL: dbUrl,
          NEXTAUTH_SECRET: sessionSecret,
          NEXTAUTH_URL: `http://127.0.0.1:${port}`,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
        logFile: path.join(resultsDir, `${ts}-next-postgres.log`),
        nodeArgs: cfg.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : undefined,
      });
      cleanups.push({ label: "stop next (postgres)", run: () => server.stop() });
      try {
        await loadAll(scimScenarios(plan).filter((s) => selected(cfg.only, s.id)), server.url, "postgres", results.load, { pid: server.proc.pid, server, token });
        if (selected(cfg.only, "push.initial")) {
          await attempt("push.initial", async () => {
            // Earlier scenarios wrote ~100,000 rows (a third of them updates). A production
            // PostgreSQL's autovacuum cleans up after them; where autovacuum is off (this machine's
            // server), the bench does that cleanup itself, so the push pays for its own work only.
            if (!cfg.quick) {
              if (!autovacuum) {
                const vacuumStarted = Date.now();
                await adminQuery(dbUrl, "VACUUM ANALYZE");
                log(`  autovacuum is off on this server: VACUUM ANALYZE before the push took ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s`);
              }
              await adminQuery(dbUrl, "CHECKPOINT"); // as before every load scenario
              const waitedMs = await waitForIdle(() => treeCpuTicks(server.proc.pid) + postgresCpuTicks());
              if (waitedMs >= 1000) log(`  waited ${(waitedMs / 1000).toFixed(1)} s for the server and PostgreSQL to go quiet before the push`);
            }
            log(`initial push of ${cfg.push.users} users…`);
            // Where the push's time goes: it is CPU-bound on this machine, so the CPU each side used says more than the total.
            const snapshot = (): CpuSnapshot => ({ server: treeCpuTicks(server.proc.pid), pg: postgresCpuTicks(), machine: machineBusyTicks(), at: Date.now() });
            const before = snapshot();
            const r = await runInitialPush({ baseUrl: server.url, token, engine: "postgres", runId, ...cfg.push });
            r.note = pushCpuNote(before, snapshot());
            results.oneOffs.push(r);
            log(`initial push: ${(r.totalMs / 1000).toFixed(2)} s, errors ${r.errors}; ${r.note}`);
          });
        }
        if (selected(cfg.only, "groups.build")) {
          await attempt("groups.build", async () => {
            if (!cfg.quick) await adminQuery(dbUrl, "CHECKPOINT");
            const r = await runGroupBuild({ baseUrl: server.url, token, engine: "postgres", directory, runId, ...cfg.groupBuild });
            results.oneOffs.push(r);
            log(`group build: ${(r.totalMs / 1000).toFixed(2)} s, errors ${r.errors}`);
          });
        }
        if (!cfg.skipUi && selected(cfg.only, "ui.")) {
          await attempt("ui", async () => {
            const ui = await runUiTiming({
              baseUrl: server.url,
              engine: "postgres",
              creds: { workspace: directory.workspaceSlug, email: directory.admin.email, password: directory.admin.password },
              pages: [
                { id: "ui.members", title: "Admin UI: /members", path: "/members" },
                { id: "ui.members-invited", title: "Admin UI: /members?status=invited", path: "/members?status=invited" },
                // Issue 19: filtered by role — half the directory (Editors, granted by a group) and one (the Admin).
                { id: "ui.members-role-editor", title: "Admin UI: /members?role=editor", path: "/members?role=editor" },
                { id: "ui.members-role-admin", title: "Admin UI: /members?role=admin", path: "/members?role=admin" },
              ],
              requests: cfg.uiRequests,
            });
            results.oneOffs.push(...ui);
            for (const r of ui) log(`${r.id}: p50 ${r.p50.toFixed(1)} ms, errors ${r.errors}`);
          });
        }
      } finally {
        await server.stop();
        results.peakRssMb = server.rss.peakKb() / 1024;
        if (cfg.cpuProf) log(`CPU profiles: ${cpuProfDir}`);
      }
    });

    // ---- The embedded engine: bare-PGlite floor, then Roster on PGlite --------------------------
    const embedded = scimScenarios(plan).filter((s) => EMBEDDED_SCENARIOS.includes(s.id) && selected(cfg.only, s.id));
    if (!cfg.skipEmbedded) {
      await attempt("roster-pglite", async () => {
        const dataDir = path.join(os.tmpdir(), `roster-bench-${runId}`);
        cleanups.push({ label: "remove embedded data dir", run: async () => rmSync(dataDir, { recursive: true, force: true }) });
        // The embedded database allows one process: seed it, close it, then start each server on it in turn.
        const eMembers = cfg.embedded.members;
        log(`seeding ${eMembers.toLocaleString("en-US")} members on the embedded engine…`);
        const t = performance.now();
        const edb = await openPglite(dataDir);
        let eDirectory: SeededDirectory;
        let eToken: string;
        try {
          await edb.migrate();
          ({ directory: eDirectory } = await seedDirectory(sqlRunnerFor(edb), { label: `pgl${runId}`, members: eMembers, adminPassword }));
          eToken = await createBenchToken(edb, eDirectory.workspaceId);
        } finally {
          await edb.close();
        }
        seedMs.pglite = performance.now() - t;
        log(`seeded in ${(seedMs.pglite / 1000).toFixed(1)} s`);
        const ePlan: ScenarioPlan = { directory: eDirectory, runId: `e${runId}`, deepStartIndex: deepStartIndexFor(eMembers) };

        await attempt("baseline-pglite", async () => {
          await measureFloor({ pgliteDir: path.join(dataDir, "pglite") }, ePlan, "baseline-pglite"); // where openPglite(DATA_DIR) keeps it
          const cleanup = await openPglite(dataDir);
          try {
            await cleanup.sql.$executeRaw(Prisma.sql`DELETE FROM "Member" WHERE "workspaceId" = ${eDirectory.floorWorkspaceId}::uuid`);
            await cleanup.sql.$executeRaw(Prisma.sql`VACUUM ANALYZE "Member"`);
          } finally {
            await cleanup.close();
          }
        });

        const startEmbedded = async (label: string) => {
          const port = await freePort();
          const cpuProfDir = path.join(resultsDir, `${ts}-cpuprof-pglite`);
          if (cfg.cpuProf) mkdirSync(cpuProfDir, { recursive: true });
          log(`starting Roster on the embedded engine (${label}, port ${port})…`);
          const server = await startNext({
            cwd: root,
            port,
            env: { DATA_DIR: dataDir, NEXTAUTH_SECRET: sessionSecret, NEXTAUTH_URL: `http://127.0.0.1:${port}`, PUBLIC_URL: `http://127.0.0.1:${port}` },
            logFile: path.join(resultsDir, `${ts}-next-pglite-${label}.log`),
            nodeArgs: cfg.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : undefined,
          });
          cleanups.push({ label: `stop next (pglite, ${label})`, run: () => server.stop() });
          return server;
        };

        const timeMembersPage = async (baseUrl: string) => {
          const ui = await runUiTiming({
            baseUrl,
            engine: "pglite",
            creds: { workspace: eDirectory.workspaceSlug, email: eDirectory.admin.email, password: eDirectory.admin.password },
            pages: [{ id: "ui.members", title: `Admin UI: /members (${cfg.embedded.uiMembers.toLocaleString("en-US")} members)`, path: "/members" }],
            requests: cfg.uiRequests,
          });
          results.oneOffs.push(...ui);
          for (const r of ui) log(`embedded ${r.id}: p50 ${r.p50.toFixed(1)} ms, errors ${r.errors}`);
        };
        const uiWanted = !cfg.skipUi && selected(cfg.only, "ui.");
        // Growing the directory for the Members page needs the data directory, so a second server.
        const uiOnOwnServer = cfg.embedded.uiMembers > eMembers;

        const server = await startEmbedded("scim");
        try {
          const scenarios = scimScenarios(ePlan).filter((s) => embedded.some((e) => e.id === s.id));
          await loadAll(scenarios, server.url, "pglite", results.load, { pid: server.proc.pid, server, token: eToken });
          if (selected(cfg.only, "push.initial")) {
            await attempt("push.initial [pglite]", async () => {
              if (!cfg.quick) await waitForIdle(() => treeCpuTicks(server.proc.pid));
              log(`initial push of ${cfg.push.users} users into the embedded engine…`);
              const before = treeCpuTicks(server.proc.pid);
              const r = await runInitialPush({ baseUrl: server.url, token: eToken, engine: "pglite", runId: `e${runId}`, ...cfg.push });
              r.note = `CPU: server (PGlite inside) ${(((treeCpuTicks(server.proc.pid) - before) * TICK_MS) / 1000).toFixed(1)} s`;
              results.oneOffs.push(r);
              log(`embedded initial push: ${(r.totalMs / 1000).toFixed(2)} s, errors ${r.errors}; ${r.note}`);
            });
          }
          if (uiWanted && !uiOnOwnServer) await attempt("ui [pglite]", () => timeMembersPage(server.url));
        } finally {
          await server.stop();
          results.embeddedPeakRssMb = server.rss.peakKb() / 1024;
        }

        if (uiWanted && uiOnOwnServer) {
          await attempt("ui [pglite]", async () => {
            log(`growing the embedded directory to ${cfg.embedded.uiMembers.toLocaleString("en-US")} members for its Members page…`);
            const grow = await openPglite(dataDir);
            try {
              await growDirectory(sqlRunnerFor(grow), eDirectory, cfg.embedded.uiMembers);
            } finally {
              await grow.close();
            }
            const uiServer = await startEmbedded("ui");
            try {
              await timeMembersPage(uiServer.url);
            } finally {
              await uiServer.stop();
            }
          });
        }
      });
    }

    // ---- Report --------------------------------------------------------------------------------
    results.meta.wallS = (Date.now() - started) / 1000;
    const targets = evaluateTargets(results);
    const markdown = renderMarkdown(results, targets);
    const file = path.join(resultsDir, `${ts}${cfg.quick ? "-quick" : ""}.md`);
    writeFileSync(file, markdown);
    writeFileSync(file.replace(/\.md$/, ".json"), JSON.stringify({ results, targets }, null, 2));
    process.stdout.write(markdown);
    log(`report written to ${path.relative(root, file)} (${results.meta.wallS.toFixed(0)} s)`);
    return interrupted ? 130 : exitCode(results, targets);
  } finally {
    await runCleanups();
  }
}

if (process.argv[1]?.endsWith(path.join("bench", "run.ts"))) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

interface CpuSnapshot {
  server: number;
  pg: number;
  machine: number;
  at: number;
}

/** "CPU: server 9.1 s, PostgreSQL 6.2 s, machine 93% busy" between two snapshots (ticks → s). */
export function pushCpuNote(before: CpuSnapshot, after: CpuSnapshot, cores = os.availableParallelism()): string {
  const seconds = (ticks: number) => (ticks * TICK_MS) / 1000;
  const wallS = (after.at - before.at) / 1000;
  const busyPct = wallS > 0 ? (100 * seconds(after.machine - before.machine)) / (wallS * cores) : Number.NaN;
  return `CPU: server ${seconds(after.server - before.server).toFixed(1)} s, PostgreSQL ${seconds(after.pg - before.pg).toFixed(1)} s, machine ${busyPct.toFixed(0)}% busy (${cores} cores)`;
}

