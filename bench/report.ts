// Pure parts of the benchmark: percentiles, ratios to the same-run floor, target evaluation and
// the markdown report. No I/O here (bench/report.test.ts covers it).

/** "baseline" is the PostgreSQL floor, "baseline-pglite" the embedded engine's (bare PGlite). */
export type Engine = "postgres" | "pglite" | "baseline" | "baseline-pglite";
/** Which floor a scenario is compared with: the baseline's lookup (reads) or insert (writes). */
export type Floor = "lookup" | "insert";

export interface LoadResult {
  id: string;
  title: string;
  engine: Engine;
  connections: number;
  durationS: number;
  /** Completed responses (any status). */
  requests: number;
  rps: number;
  /** Latency of 2xx responses, ms. */
  p50: number;
  p99: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCounts: Record<string, number>;
  errorSamples: string[];
  floor?: Floor;
  /** One resource per request (targets: p99 < 50 ms). */
  singleResource?: boolean;
  /** Largest summed RSS of the server's process tree sampled during the scenario, MB. */
  peakRssMb?: number;
  /** CPU time per completed request of the server's process tree, and of all PostgreSQL processes, ms. */
  serverCpuMs?: number;
  pgCpuMs?: number;
  /** CPU used by other processes on the machine during the run, % of all cores (noise indicator). */
  foreignCpuPct?: number;
  /** WAL PostgreSQL wrote per completed request: bytes, and full-page images (whole 8 kB pages). */
  walBytes?: number;
  walFpi?: number;
  note?: string;
}

export interface OneOffResult {
  id: string;
  title: string;
  engine: Engine;
  /** Wall time of the whole scenario, ms (NaN when not meaningful). */
  totalMs: number;
  operations: number;
  p50: number;
  p99: number;
  errors: number;
  errorSamples: string[];
  note?: string;
}

export interface BenchMeta {
  startedAt: string;
  mode: "full" | "quick";
  members: number;
  bigGroupSize: number;
  durationS: number;
  warmupS: number;
  connections: number[];
  machine: string;
  commit?: string;
  database?: string;
  seedMs?: Record<string, number>;
  wallS?: number;
  /** 1-minute load average before the run (other work on the machine skews everything). */
  loadAvgAtStart?: number;
  /** The embedded engine's directory (its SCIM scenarios), its Members-page directory, its warm-up. */
  embedded?: { members: number; uiMembers: number; warmupS: number };
}

export interface BenchResults {
  meta: BenchMeta;
  baseline: LoadResult[];
  load: LoadResult[];
  oneOffs: OneOffResult[];
  /** Peak RSS of the Roster (PostgreSQL) server's process tree over the whole run, MB. */
  peakRssMb: number | null;
  /** Peak RSS of the Roster server on the embedded engine (PGlite runs inside it) over its run, MB. */
  embeddedPeakRssMb?: number | null;
  /** Scenarios that could not run at all (with why). */
  failures: { id: string; message: string }[];
}

// ---- Statistics ---------------------------------------------------------------------------------

/** Nearest-rank percentile (q in 0..100) of unsorted values; NaN for none. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((q / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function ratio(value: number, floor: number): number {
  return Number.isFinite(value) && Number.isFinite(floor) && floor > 0 ? value / floor : Number.NaN;
}

/** The floor a scenario is compared with: the same engine's (bare pg for PostgreSQL, bare PGlite for the embedded engine). */
export function floorFor(results: BenchResults, floor: Floor | undefined, connections: number, engine: Engine = "postgres"): LoadResult | undefined {
  if (!floor) return undefined;
  const floorEngine: Engine = engine === "pglite" ? "baseline-pglite" : "baseline";
  return results.baseline.find((b) => b.id === `baseline.${floor}` && b.connections === connections && (b.engine ?? "baseline") === floorEngine);
}

/** WAL per request: kB, and full-page images in parentheses ("–" on the embedded engine, which has no meter). */
export function walCell(r: Pick<LoadResult, "walBytes" | "walFpi">): string {
  if (r.walBytes === undefined || r.walFpi === undefined) return "–";
  return `${fmt(r.walBytes / 1024, 1)} (${fmt(r.walFpi, 2)})`;
}

/** Server + PostgreSQL CPU per request, ms (the embedded engine's database runs inside the server). */
export function cpuPerRequest(r: Pick<LoadResult, "serverCpuMs" | "pgCpuMs">): number {
  if (r.serverCpuMs === undefined) return Number.NaN;
  return r.serverCpuMs + (r.pgCpuMs !== undefined && Number.isFinite(r.pgCpuMs) ? r.pgCpuMs : 0);
}

export const errorCount = (r: { non2xx?: number; errors: number }) => (r.non2xx ?? 0) + r.errors;

// ---- Targets ------------------------------------------------------------------------------------

export interface TargetResult {
  target: string;
  measured: string;
  threshold: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

export const TARGETS = {
  /** Issue #7 sets its targets at concurrency 10; other levels are measured for reference only. */
  concurrency: 10,
  lookupShareOfFloor: 0.4,
  createShareOfFloor: 0.3,
  singleResourceP99Ms: 50,
  bigGroupAddMaxFactor: 1.5,
  deepListP50Ms: 100,
  excludedMembersP50Ms: 10,
  initialPushMs: 12_000,
  groupBuildMs: 3_000,
  peakRssMb: 400,
  uiP50Ms: 300,
  /** Issue #15: the embedded engine (PGlite) against a bare-PGlite floor in the same run. */
  embedded: {
    lookupShareOfFloor: 0.3,
    getShareOfFloor: 0.4,
    createShareOfFloor: 0.1,
    singleResourceP99Ms: 100,
    peakRssMb: 400,
    initialPushMs: 40_000,
    uiP50Ms: 300,
  },
} as const;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const ms = (n: number) => (Number.isFinite(n) ? `${fmt(n, n < 10 ? 2 : 1)} ms` : "–");
const pct = (n: number) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : "–");

function loadOf(results: BenchResults, id: string, connections: number, engine: Engine = "postgres") {
  return results.load.find((r) => r.id === id && r.connections === connections && r.engine === engine);
}

/** A scenario's note when it sent more requests than its pool has distinct targets (its later requests repeat earlier ones). */
export function poolWrappedNote(pool: number, consequence: string): string {
  return `pool of ${pool} wrapped: ${consequence}`;
}

const POOL_WRAPPED = /(^|; )pool of \d+ wrapped:/;
export const noteSaysPoolWrapped = (note: string | undefined) => POOL_WRAPPED.test(note ?? "");

export function evaluateTargets(results: BenchResults): TargetResult[] {
  const out: TargetResult[] = [];
  const conns = results.meta.connections.filter((c) => c === TARGETS.concurrency);
  const missing = (target: string, threshold: string): TargetResult => ({ target, measured: "not measured", threshold, pass: null });

  const share = (id: string, label: string, floor: Floor, min: number, engine: Engine = "postgres") => {
    for (const c of conns) {
      const r = loadOf(results, id, c, engine);
      const f = floorFor(results, floor, c, engine);
      const target = `${engine === "pglite" ? "[embedded] " : ""}${label} req/s vs ${engine === "pglite" ? "bare PGlite" : "baseline"} ${floor} (c=${c})`;
      const threshold = `≥ ${pct(min)}`;
      if (!r || !f) {
        out.push(missing(target, threshold));
        continue;
      }
      const q = ratio(r.rps, f.rps);
      out.push({ target, measured: `${pct(q)} (${fmt(r.rps, 0)} / ${fmt(f.rps, 0)})`, threshold, pass: q >= min });
    }
  };
  share("users.filter-userName", "Lookup by filter", "lookup", TARGETS.lookupShareOfFloor);
  share("users.get", "GET /Users/{id}", "lookup", TARGETS.lookupShareOfFloor);
  share("users.create", "POST /Users", "insert", TARGETS.createShareOfFloor);

  const p99s = (engine: Engine, limit: number) => {
    const single = results.load.filter((r) => r.engine === engine && r.singleResource && r.connections === TARGETS.concurrency);
    const prefix = engine === "pglite" ? "[embedded] " : "";
    if (single.length === 0) out.push(missing(`${prefix}p99 of single-resource ops`, `< ${limit} ms`));
    for (const r of single) {
      out.push({ target: `${prefix}p99 ${r.title} (c=${r.connections})`, measured: ms(r.p99), threshold: `< ${limit} ms`, pass: Number.isFinite(r.p99) && r.p99 < limit });
    }
  };
  p99s("postgres", TARGETS.singleResourceP99Ms);
  // Issue #15: a PATCH active=false does less than a create; it must not be slower than one.
  const patchVsCreate = (engine: Engine) => {
    for (const c of conns) {
      const patch = loadOf(results, "users.patch-active", c, engine);
      const create = loadOf(results, "users.create", c, engine);
      const target = `${engine === "pglite" ? "[embedded] " : ""}PATCH active=false req/s vs POST /Users req/s (c=${c})`;
      if (!patch || !create) {
        out.push(missing(target, "≥ 1.00×"));
        continue;
      }
      const q = ratio(patch.rps, create.rps);
      const measured = `${fmt(q, 2)}× (${fmt(patch.rps, 0)} / ${fmt(create.rps, 0)})`;
      // No-op PATCHes of already-disabled members (the scenario's note) are cheaper than real ones.
      const wrapped = noteSaysPoolWrapped(patch.note);
      out.push({ target, measured: wrapped ? `${measured}, not valid: the member pool wrapped` : measured, threshold: "≥ 1.00×", pass: !wrapped && q >= 1 });
    }
  };
  patchVsCreate("postgres");

  const withErrors = [
    ...results.baseline,
    ...results.load,
    ...results.oneOffs,
  ].filter((r) => errorCount(r) > 0);
  const failed = results.failures.map((f) => f.id);
  const offenders = [
    ...withErrors.map((r) => `${r.id}${"connections" in r ? ` c=${r.connections}` : ""} [${r.engine}]: ${errorCount(r)}`),
    ...failed.map((f) => `${f}: failed`),
  ];
  out.push({
    target: "No errors (non-2xx where 2xx expected, connection errors, failed scenarios)",
    measured:
      offenders.length === 0 ? "0" : offenders.slice(0, 4).join("; ") + (offenders.length > 4 ? `; … ${offenders.length - 4} more (see Errors)` : ""),
    threshold: "0",
    pass: offenders.length === 0,
  });

  for (const c of conns) {
    const small = loadOf(results, "groups.patch-add-small", c);
    const big = loadOf(results, "groups.patch-add-big", c);
    const target = `Add one member: big group p50 vs 10-member group p50 (c=${c})`;
    const threshold = `≤ ${TARGETS.bigGroupAddMaxFactor}×`;
    if (!small || !big) {
      out.push(missing(target, threshold));
      continue;
    }
    const q = ratio(big.p50, small.p50);
    out.push({ target, measured: `${fmt(q, 2)}× (${ms(big.p50)} / ${ms(small.p50)})`, threshold, pass: q <= TARGETS.bigGroupAddMaxFactor });
    // Issue 19: the same add to a big group that grants a role (recomputes the member's role).
    const role = loadOf(results, "groups.patch-add-role", c);
    if (role) {
      const r = ratio(role.p50, small.p50);
      out.push({
        target: `Add one member: big role-granting group p50 vs 10-member group p50 (c=${c})`,
        measured: `${fmt(r, 2)}× (${ms(role.p50)} / ${ms(small.p50)})`,
        threshold,
        pass: r <= TARGETS.bigGroupAddMaxFactor,
      });
    }
  }

  const p50Under = (id: string, label: string, limit: number) => {
    for (const c of conns) {
      const r = loadOf(results, id, c);
      const target = `${label} p50 (c=${c})`;
      if (!r) {
        out.push(missing(target, `< ${limit} ms`));
        continue;
      }
      out.push({ target, measured: ms(r.p50), threshold: `< ${limit} ms`, pass: Number.isFinite(r.p50) && r.p50 < limit });
    }
  };
  p50Under("users.list-deep", "List at deep startIndex", TARGETS.deepListP50Ms);
  p50Under("groups.get-big-excluded", "Big group with excludedAttributes=members", TARGETS.excludedMembersP50Ms);

  const oneOff = (id: string, label: string, limit: number, pick: (r: OneOffResult) => number, engine: Engine = "postgres") => {
    const r = results.oneOffs.find((o) => o.id === id && o.engine === engine);
    if (!r) {
      out.push(missing(label, `< ${ms(limit)}`));
      return;
    }
    const v = pick(r);
    out.push({ target: label, measured: ms(v), threshold: `< ${ms(limit)}`, pass: Number.isFinite(v) && v < limit });
  };
  oneOff("push.initial", "Initial push (GET filter → POST per user, 10 clients)", TARGETS.initialPushMs, (r) => r.totalMs);
  oneOff("groups.build", "Group built by sequential PATCHes of 100 members", TARGETS.groupBuildMs, (r) => r.totalMs);

  out.push(
    results.peakRssMb === null
      ? missing("Peak RSS of the Roster server", `< ${TARGETS.peakRssMb} MB`)
      : {
          target: "Peak RSS of the Roster server (process tree)",
          measured: `${fmt(results.peakRssMb, 0)} MB`,
          threshold: `< ${TARGETS.peakRssMb} MB`,
          pass: results.peakRssMb < TARGETS.peakRssMb,
        },
  );
  oneOff("ui.members", "Members page p50", TARGETS.uiP50Ms, (r) => r.p50);
  oneOff("ui.members-invited", "Members page ?status=invited p50", TARGETS.uiP50Ms, (r) => r.p50);
  oneOff("ui.members-role-editor", "Members page ?role=editor p50", TARGETS.uiP50Ms, (r) => r.p50);
  oneOff("ui.members-role-admin", "Members page ?role=admin p50", TARGETS.uiP50Ms, (r) => r.p50);

  // ---- The embedded engine (issue #15), only when the run measured it.
  if (results.meta.embedded) {
    const e = TARGETS.embedded;
    share("users.filter-userName", "Lookup by filter", "lookup", e.lookupShareOfFloor, "pglite");
    share("users.get", "GET /Users/{id}", "lookup", e.getShareOfFloor, "pglite");
    share("users.create", "POST /Users", "insert", e.createShareOfFloor, "pglite");
    patchVsCreate("pglite");
    p99s("pglite", e.singleResourceP99Ms);
    const rss = results.embeddedPeakRssMb;
    out.push(
      rss === undefined || rss === null
        ? missing("[embedded] Peak RSS of the Roster server", `< ${e.peakRssMb} MB`)
        : { target: "[embedded] Peak RSS of the Roster server (PGlite inside)", measured: `${fmt(rss, 0)} MB`, threshold: `< ${e.peakRssMb} MB`, pass: rss < e.peakRssMb },
    );
    oneOff("push.initial", "[embedded] Initial push (GET filter → POST per user, 10 clients)", e.initialPushMs, (r) => r.totalMs, "pglite");
    oneOff("ui.members", `[embedded] Members page p50 (${results.meta.embedded.uiMembers.toLocaleString("en-US")} members)`, e.uiP50Ms, (r) => r.p50, "pglite");
  }
  return out;
}

// ---- Markdown -----------------------------------------------------------------------------------

function table(headers: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

const cpu = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(2));
const times = (q: number) => (Number.isFinite(q) ? `${q < 10 ? q.toFixed(2) : q.toFixed(1)}×` : "–");
const resultMark = (pass: boolean | null) => (pass === null ? "n/a" : pass ? "PASS" : "**MISS**");

export function renderMarkdown(results: BenchResults, targets: TargetResult[] = evaluateTargets(results)): string {
  const m = results.meta;
  const parts: string[] = [];
  parts.push(`# Roster SCIM benchmark — ${m.startedAt} (${m.mode})`);
  parts.push(
    [
      `- Directory: ${m.members.toLocaleString("en-US")} members, big group ${m.bigGroupSize.toLocaleString("en-US")}, small group 10`,
      m.embedded
        ? `- Embedded engine (PGlite, on disk): ${m.embedded.members.toLocaleString("en-US")}-member directory for its SCIM scenarios, its floor and push; ${m.embedded.uiMembers.toLocaleString("en-US")} members for its Members page; ${m.embedded.warmupS} s warm-up before each of its scenarios (PGlite's WASM warms up over the first seconds)`
        : "",
      `- Load: autocannon, ${m.durationS} s per scenario after ${m.warmupS} s warm-up, concurrency ${m.connections.join(", ")}`,
      `- Machine: ${m.machine}${m.commit ? ` · commit ${m.commit}` : ""}${m.database ? ` · database ${m.database}` : ""}`,
      m.seedMs ? `- Seeding: ${Object.entries(m.seedMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(", ")}` : "",
      m.wallS !== undefined ? `- Total run time: ${m.wallS.toFixed(0)} s` : "",
      m.loadAvgAtStart !== undefined ? `- Load average (1 min) before the run: ${m.loadAvgAtStart.toFixed(2)}${m.loadAvgAtStart > 1 ? " — the machine was busy; figures are noisier" : ""}` : "",
      m.mode === "quick" ? "- Quick mode: a smoke run. Targets are shown for information only; only errors fail it." : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );

  parts.push("## Floor (bare node:http + pg, or + PGlite for the embedded engine; one SQL statement)");
  parts.push(
    "CPU ms/req: CPU time (user + system, from /proc) of the server's process tree and of all PostgreSQL processes during the measured run, divided by completed requests. On 2 cores shared with the load generator, this — not latency — says where a request's cost is. Other CPU %: what processes outside the benchmark (other builds and tests) used during the run, as a share of all cores; above ~10% the row's throughput and latency are unreliable. CPU × floor: (server + PostgreSQL CPU per request) ÷ the floor's; unlike req/s it hardly moves with other load, and on an idle machine req/s × floor ≈ 1 ÷ CPU × floor.",
  );
  parts.push(
    table(
      ["Floor", "Engine", "Conc", "req/s", "p50 ms", "p99 ms", "errors", "server CPU ms/req", "PG CPU ms/req", "WAL kB/req (full pages)", "other CPU %"],
      results.baseline.map((b) => [
        b.title,
        b.engine === "baseline-pglite" ? "PGlite (bare)" : "PostgreSQL (bare pg)",
        String(b.connections),
        fmt(b.rps, 0),
        fmt(b.p50, 2),
        fmt(b.p99, 2),
        String(errorCount(b)),
        cpu(b.serverCpuMs),
        cpu(b.pgCpuMs),
        walCell(b),
        b.foreignCpuPct === undefined ? "–" : fmt(b.foreignCpuPct, 0),
      ]),
    ),
  );

  parts.push("## Load scenarios (ratios: to the floor at the same concurrency; reads → lookup, writes → insert)");
  parts.push(
    table(
      ["Scenario", "Engine", "Conc", "req/s", "× floor", "p50 ms", "× floor", "p99 ms", "× floor", "errors", "peak RSS MB", "server CPU ms/req", "PG CPU ms/req", "CPU × floor", "WAL kB/req (full pages)", "other CPU %"],
      results.load.map((r) => {
        const f = floorFor(results, r.floor, r.connections, r.engine);
        return [
          r.title + (r.note ? ` (${r.note})` : ""),
          r.engine,
          String(r.connections),
          fmt(r.rps, 0),
          f ? times(ratio(r.rps, f.rps)) : "–",
          fmt(r.p50, 2),
          f ? times(ratio(r.p50, f.p50)) : "–",
          fmt(r.p99, 2),
          f ? times(ratio(r.p99, f.p99)) : "–",
          String(errorCount(r)),
          r.peakRssMb !== undefined ? fmt(r.peakRssMb, 0) : "–",
          cpu(r.serverCpuMs),
          cpu(r.pgCpuMs),
          f ? times(ratio(cpuPerRequest(r), cpuPerRequest(f))) : "–",
          walCell(r),
          r.foreignCpuPct === undefined ? "–" : fmt(r.foreignCpuPct, 0),
        ];
      }),
    ),
  );

  if (results.oneOffs.length > 0) {
    parts.push("## Scenarios timed end to end");
    parts.push(
      table(
        ["Scenario", "Engine", "Total", "Requests", "p50 ms", "p99 ms", "errors"],
        results.oneOffs.map((o) => [
          o.title + (o.note ? ` (${o.note})` : ""),
          o.engine,
          Number.isFinite(o.totalMs) ? `${(o.totalMs / 1000).toFixed(2)} s` : "–",
          String(o.operations),
          fmt(o.p50, 1),
          fmt(o.p99, 1),
          String(o.errors),
        ]),
      ),
    );
  }

  parts.push(`## Targets${m.mode === "quick" ? " (informational in quick mode)" : ""}`);
  parts.push(`Judged at concurrency ${TARGETS.concurrency}, as issue #7 sets them; the other levels in the tables above are for reference. "No errors" covers every level.`);
  parts.push(table(["Target", "Measured", "Threshold", "Result"], targets.map((t) => [t.target, t.measured, t.threshold, resultMark(t.pass)])));
  const missed = targets.filter((t) => t.pass === false).length;
  const passed = targets.filter((t) => t.pass === true).length;
  parts.push(`${passed} passed, ${missed} missed, ${targets.length - passed - missed} not measured.`);

  const samples = [...results.baseline, ...results.load, ...results.oneOffs].filter((r) => r.errorSamples.length > 0);
  if (samples.length > 0 || results.failures.length > 0) {
    parts.push("## Errors");
    const lines: string[] = [];
    for (const f of results.failures) lines.push(`- ${f.id}: ${f.message.split("\n")[0]}`);
    for (const r of samples) {
      const statuses = "statusCounts" in r ? ` statuses ${JSON.stringify(r.statusCounts)}` : "";
      const distinct = [...new Set(r.errorSamples.map((s) => s.replace(/`/g, "'").replace(/\s+/g, " ").slice(0, 240)))];
      lines.push(`- ${r.id} [${r.engine}${"connections" in r ? ` c=${r.connections}` : ""}]${statuses}: ${distinct.map((s) => "`" + s + "`").join(" · ")}`);
    }
    parts.push(lines.join("\n"));
  }
  return parts.join("\n\n") + "\n";
}

/** Exit status: errors always fail; missed targets fail a full run only. */
export function exitCode(results: BenchResults, targets: TargetResult[]): number {
  const hasErrors = results.failures.length > 0 || [...results.baseline, ...results.load, ...results.oneOffs].some((r) => errorCount(r) > 0);
  if (hasErrors) return 1;
  if (results.meta.mode === "full" && targets.some((t) => t.pass === false)) return 3;
  return 0;
}
