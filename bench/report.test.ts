import { describe, expect, it } from "vitest";
import {
  TARGETS,
  cpuPerRequest,
  evaluateTargets,
  exitCode,
  floorFor,
  percentile,
  ratio,
  renderMarkdown,
  type BenchResults,
  type LoadResult,
  walCell,
  type OneOffResult,
} from "./report";

function load(over: Partial<LoadResult> & Pick<LoadResult, "id">): LoadResult {
  return {
    title: over.id,
    engine: "postgres",
    connections: 10,
    durationS: 10,
    requests: 1000,
    rps: 100,
    p50: 5,
    p99: 20,
    non2xx: 0,
    errors: 0,
    statusCounts: { 200: 1000 },
    errorSamples: [],
    ...over,
  };
}

function oneOff(over: Partial<OneOffResult> & Pick<OneOffResult, "id">): OneOffResult {
  return { title: over.id, engine: "postgres", totalMs: 1000, operations: 10, p50: 50, p99: 90, errors: 0, errorSamples: [], ...over };
}

/** A run in which every target passes by a clear margin. */
function passingRun(): BenchResults {
  return {
    meta: {
      startedAt: "2026-11-28T00:00:00.000Z",
      mode: "full",
      members: 100_000,
      bigGroupSize: 50_000,
      durationS: 10,
      warmupS: 2,
      connections: [10],
      machine: "test",
    },
    baseline: [
      load({ id: "baseline.lookup", engine: "baseline", rps: 1000, p50: 2, p99: 5 }),
      load({ id: "baseline.insert", engine: "baseline", rps: 500, p50: 4, p99: 10 }),
    ],
    load: [
      load({ id: "users.filter-userName", floor: "lookup", singleResource: true, rps: 500, p50: 4, p99: 10 }),
      load({ id: "users.get", floor: "lookup", singleResource: true, rps: 450, p50: 4, p99: 10 }),
      load({ id: "users.create", floor: "insert", singleResource: true, rps: 200, p50: 8, p99: 30 }),
      load({ id: "groups.patch-add-small", floor: "insert", singleResource: true, p50: 10, p99: 30 }),
      load({ id: "groups.patch-add-big", floor: "insert", singleResource: true, p50: 14, p99: 40 }),
      load({ id: "users.list-deep", floor: "lookup", p50: 40, p99: 120 }),
      load({ id: "groups.get-big-excluded", floor: "lookup", singleResource: true, p50: 3, p99: 9 }),
      load({ id: "users.patch-active", floor: "insert", singleResource: true, rps: 250, p50: 6, p99: 25 }),
      load({ id: "users.list-deep", engine: "pglite", p50: 500, p99: 900 }),
    ],
    oneOffs: [
      oneOff({ id: "push.initial", totalMs: 9_000 }),
      oneOff({ id: "groups.build", totalMs: 2_000 }),
      oneOff({ id: "ui.members", p50: 120 }),
      oneOff({ id: "ui.members-invited", p50: 150 }),
      oneOff({ id: "ui.members-role-editor", p50: 150 }),
      oneOff({ id: "ui.members-role-admin", p50: 90 }),
    ],
    peakRssMb: 250,
    failures: [],
  };
}

/** passingRun plus the embedded engine (issue #15): its bare-PGlite floor and Roster on PGlite, every target met. */
function embeddedRun(): BenchResults {
  const run = passingRun();
  run.meta.embedded = { members: 10_000, uiMembers: 100_000, warmupS: 5 };
  run.baseline.push(
    load({ id: "baseline.lookup", engine: "baseline-pglite", rps: 4000, p50: 2, p99: 6 }),
    load({ id: "baseline.insert", engine: "baseline-pglite", rps: 5000, p50: 2, p99: 6 }),
  );
  run.load.push(
    load({ id: "users.filter-userName", engine: "pglite", floor: "lookup", singleResource: true, rps: 1300, p50: 7, p99: 40 }),
    load({ id: "users.get", engine: "pglite", floor: "lookup", singleResource: true, rps: 1700, p50: 5, p99: 30 }),
    load({ id: "users.create", engine: "pglite", floor: "insert", singleResource: true, rps: 600, p50: 15, p99: 60 }),
    load({ id: "users.patch-active", engine: "pglite", floor: "insert", singleResource: true, rps: 700, p50: 12, p99: 50 }),
  );
  run.oneOffs.push(oneOff({ id: "push.initial", engine: "pglite", totalMs: 30_000 }), oneOff({ id: "ui.members", engine: "pglite", p50: 250 }));
  run.embeddedPeakRssMb = 350;
  return run;
}

const byTarget = (results: BenchResults, prefix: string) => evaluateTargets(results).filter((t) => t.target.startsWith(prefix));

describe("percentile", () => {
  it("uses nearest rank on unsorted input", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });
  it("is NaN without values", () => {
    expect(percentile([], 50)).toBeNaN();
  });
  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("ratio and floor", () => {
  it("divides, and is NaN when the floor is missing or zero", () => {
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(50, 0)).toBeNaN();
    expect(ratio(Number.NaN, 2)).toBeNaN();
  });
  it("picks the floor of the scenario's kind at the same concurrency", () => {
    const run = passingRun();
    run.baseline.push(load({ id: "baseline.lookup", engine: "baseline", connections: 50, rps: 3000 }));
    expect(floorFor(run, "lookup", 50)?.rps).toBe(3000);
    expect(floorFor(run, "lookup", 10)?.rps).toBe(1000);
    expect(floorFor(run, "insert", 50)).toBeUndefined();
    expect(floorFor(run, undefined, 10)).toBeUndefined();
  });
  it("picks the bare-PGlite floor for the embedded engine, and none when the run has no such floor", () => {
    const run = embeddedRun();
    expect(floorFor(run, "lookup", 10, "pglite")?.rps).toBe(4000);
    expect(floorFor(run, "lookup", 10, "postgres")?.rps).toBe(1000);
    expect(floorFor(passingRun(), "lookup", 10, "pglite")).toBeUndefined();
  });
});

describe("evaluateTargets", () => {
  it("passes every target of a good run", () => {
    const targets = evaluateTargets(passingRun());
    expect(targets.filter((t) => t.pass !== true)).toEqual([]);
    expect(targets.some((t) => t.target.startsWith("[embedded]"))).toBe(false); // the run did not measure it
  });

  it("passes every target, the embedded engine's included, of a good run that measured both engines", () => {
    const targets = evaluateTargets(embeddedRun());
    expect(targets.filter((t) => t.pass !== true)).toEqual([]);
    expect(targets.filter((t) => t.target.startsWith("[embedded]")).length).toBeGreaterThanOrEqual(11);
  });

  it("judges the embedded engine against the bare-PGlite floor, never PostgreSQL's (30% lookup, 40% GET, 10% create)", () => {
    const run = embeddedRun();
    const set = (id: string, rps: number) => (run.load = run.load.map((r) => (r.id === id && r.engine === "pglite" ? { ...r, rps } : r)));
    set("users.filter-userName", 1200);
    expect(byTarget(run, "[embedded] Lookup by filter")[0]).toMatchObject({ pass: true, measured: "30% (1200 / 4000)", threshold: "≥ 30%" });
    set("users.filter-userName", 1199);
    expect(byTarget(run, "[embedded] Lookup by filter")[0].pass).toBe(false);
    set("users.get", 1599);
    expect(byTarget(run, "[embedded] GET /Users/{id}")[0]).toMatchObject({ pass: false, threshold: "≥ 40%" });
    set("users.create", 500);
    expect(byTarget(run, "[embedded] POST /Users")[0]).toMatchObject({ pass: true, measured: "10% (500 / 5000)" });
    // The PostgreSQL targets still use the PostgreSQL floor.
    expect(byTarget(run, "Lookup by filter")[0]).toMatchObject({ measured: "50% (500 / 1000)" });
  });

  it("wants PATCH active=false at least as fast as POST /Users, on each engine", () => {
    const run = embeddedRun();
    const set = (engine: string, rps: number) => (run.load = run.load.map((r) => (r.id === "users.patch-active" && r.engine === engine ? { ...r, rps } : r)));
    set("postgres", 200);
    expect(byTarget(run, "PATCH active=false")[0]).toMatchObject({ pass: true, measured: "1.00× (200 / 200)" });
    set("postgres", 199);
    expect(byTarget(run, "PATCH active=false")[0].pass).toBe(false);
    set("pglite", 599);
    expect(byTarget(run, "[embedded] PATCH active=false")[0]).toMatchObject({ pass: false, measured: "1.00× (599 / 600)" });
  });

  it("does not count a PATCH run whose member pool wrapped (its later PATCHes were no-ops)", () => {
    const run = embeddedRun();
    const wrapped = { note: "pool of 1000 wrapped: later PATCHes were of members already disabled; server busy 2 s after the run" };
    run.load = run.load.map((r) => (r.id === "users.patch-active" && r.engine === "postgres" ? { ...r, rps: 400, ...wrapped } : r));
    expect(byTarget(run, "PATCH active=false")[0]).toMatchObject({ pass: false, measured: "2.00× (400 / 200), not valid: the member pool wrapped" });
    // Another note alone does not make the run invalid.
    run.load = run.load.map((r) => (r.id === "users.patch-active" && r.engine === "postgres" ? { ...r, note: "server busy 2 s after the run" } : r));
    expect(byTarget(run, "PATCH active=false")[0]).toMatchObject({ pass: true, measured: "2.00× (400 / 200)" });
  });

  it("checks the embedded p99 (< 100 ms), RSS (< 400 MB), push (< 40 s) and Members page (< 300 ms at 100,000)", () => {
    const run = embeddedRun();
    run.load = run.load.map((r) => (r.engine === "pglite" && r.id === "users.get" ? { ...r, p99: 100 } : r));
    run.embeddedPeakRssMb = 400;
    run.oneOffs = run.oneOffs.map((o) => (o.engine !== "pglite" ? o : o.id === "push.initial" ? { ...o, totalMs: 40_000 } : { ...o, p50: 299 }));
    const pass = (prefix: string) => byTarget(run, prefix).map((t) => t.pass);
    expect(pass("[embedded] p99 users.get")).toEqual([false]);
    expect(pass("[embedded] p99 users.create")).toEqual([true]);
    expect(pass("[embedded] Peak RSS")).toEqual([false]);
    expect(pass("[embedded] Initial push")).toEqual([false]);
    expect(byTarget(run, "[embedded] Members page")[0]).toMatchObject({ pass: true, target: "[embedded] Members page p50 (100,000 members)" });
    // PostgreSQL's p99 limit stays 50 ms and ignores the embedded rows.
    expect(byTarget(run, "p99 users.get")[0]).toMatchObject({ pass: true, threshold: "< 50 ms" });
  });

  it("marks embedded targets whose scenario did not run as not measured", () => {
    const run = embeddedRun();
    run.load = run.load.filter((r) => r.engine !== "pglite");
    run.oneOffs = run.oneOffs.filter((o) => o.engine !== "pglite");
    run.embeddedPeakRssMb = null;
    const embedded = byTarget(run, "[embedded]");
    expect(embedded.length).toBeGreaterThan(0);
    expect(embedded.every((t) => t.pass === null)).toBe(true);
  });

  it("compares lookup throughput with 40% of the lookup floor (boundary included)", () => {
    const run = passingRun();
    run.load[0] = { ...run.load[0], rps: 400 };
    expect(byTarget(run, "Lookup by filter")[0]).toMatchObject({ pass: true, measured: "40% (400 / 1000)" });
    run.load[0] = { ...run.load[0], rps: 399 };
    expect(byTarget(run, "Lookup by filter")[0].pass).toBe(false);
  });

  it("compares create throughput with 30% of the insert floor", () => {
    const run = passingRun();
    run.load[2] = { ...run.load[2], rps: 149 };
    expect(byTarget(run, "POST /Users")[0]).toMatchObject({ pass: false, threshold: "≥ 30%" });
  });

  it("checks p99 < 50 ms for single-resource ops on PostgreSQL only", () => {
    const run = passingRun();
    run.load[1] = { ...run.load[1], p99: 50 };
    const p99 = byTarget(run, "p99 ");
    expect(p99.map((t) => t.target)).not.toContain("p99 users.list-deep (c=10)");
    expect(p99.find((t) => t.target === "p99 users.get (c=10)")?.pass).toBe(false);
  });

  it("fails 'no errors' on any non-2xx, connection error, failing one-off or failed scenario", () => {
    for (const mutate of [
      (r: BenchResults) => (r.load[3] = { ...r.load[3], non2xx: 2 }),
      (r: BenchResults) => (r.baseline[0] = { ...r.baseline[0], errors: 1 }),
      (r: BenchResults) => (r.oneOffs[0] = { ...r.oneOffs[0], errors: 1 }),
      (r: BenchResults) => r.failures.push({ id: "ui", message: "sign-in failed" }),
    ]) {
      const run = passingRun();
      mutate(run);
      const [t] = byTarget(run, "No errors");
      expect(t.pass).toBe(false);
      expect(t.measured).not.toBe("0");
      expect(exitCode(run, evaluateTargets(run))).toBe(1);
    }
  });

  it("bounds adding to the big group by 1.5× the small group's p50", () => {
    const run = passingRun();
    run.load[4] = { ...run.load[4], p50: 15 };
    expect(byTarget(run, "Add one member")[0]).toMatchObject({ pass: true, measured: "1.50× (15.0 ms / 10.0 ms)" });
    run.load[4] = { ...run.load[4], p50: 15.1 };
    expect(byTarget(run, "Add one member")[0].pass).toBe(false);
  });

  it("uses PostgreSQL results for latency targets, not the embedded engine's", () => {
    const [deep] = byTarget(passingRun(), "List at deep startIndex");
    expect(deep).toMatchObject({ pass: true, measured: "40.0 ms" });
  });

  it("checks one-off totals, peak RSS and UI p50 against their limits", () => {
    const run = passingRun();
    run.oneOffs = [
      oneOff({ id: "push.initial", totalMs: TARGETS.initialPushMs }),
      oneOff({ id: "groups.build", totalMs: 2_999 }),
      oneOff({ id: "ui.members", p50: 300 }),
      oneOff({ id: "ui.members-invited", p50: 299 }),
      oneOff({ id: "ui.members-role-editor", p50: 301 }),
      oneOff({ id: "ui.members-role-admin", p50: 20 }),
    ];
    run.peakRssMb = 400;
    const t = evaluateTargets(run);
    const pass = (prefix: string) => t.find((x) => x.target.startsWith(prefix))?.pass;
    expect(pass("Initial push")).toBe(false);
    expect(pass("Group built")).toBe(true);
    expect(pass("Members page p50")).toBe(false);
    expect(pass("Members page ?status=invited")).toBe(true);
    expect(pass("Members page ?role=editor")).toBe(false);
    expect(pass("Members page ?role=admin")).toBe(true);
    expect(pass("Peak RSS")).toBe(false);
  });

  it("marks targets whose scenario did not run as not measured", () => {
    const run = passingRun();
    run.load = [];
    run.oneOffs = [];
    run.peakRssMb = null;
    const targets = evaluateTargets(run);
    expect(targets.find((t) => t.target.startsWith("Lookup by filter"))?.pass).toBeNull();
    expect(targets.find((t) => t.target.startsWith("Initial push"))?.pass).toBeNull();
    expect(targets.find((t) => t.target.startsWith("Peak RSS"))?.pass).toBeNull();
    expect(exitCode(run, targets)).toBe(0);
  });

  it("judges targets at concurrency 10 only (issue #7); other levels are reference figures", () => {
    const run = passingRun();
    run.meta.connections = [10, 50];
    run.load.push(...run.load.map((r) => ({ ...r, connections: 50, p99: 500 })));
    expect(byTarget(run, "Lookup by filter").map((t) => [t.target, t.pass])).toEqual([["Lookup by filter req/s vs baseline lookup (c=10)", true]]);
    expect(byTarget(run, "p99").every((t) => t.target.endsWith("(c=10)") && t.pass)).toBe(true);
  });
});

describe("cpuPerRequest", () => {
  it("adds server and PostgreSQL CPU, counting a missing database figure as 0", () => {
    expect(cpuPerRequest({ serverCpuMs: 2, pgCpuMs: 1.5 })).toBe(3.5);
    expect(cpuPerRequest({ serverCpuMs: 2, pgCpuMs: Number.NaN })).toBe(2);
    expect(cpuPerRequest({})).toBeNaN();
  });
  it("appears in the table as a ratio to the floor's", () => {
    const run = passingRun();
    run.baseline[0] = { ...run.baseline[0], serverCpuMs: 0.2, pgCpuMs: 0.2 };
    run.load[0] = { ...run.load[0], serverCpuMs: 3, pgCpuMs: 1, foreignCpuPct: 12.4 };
    expect(renderMarkdown(run)).toContain("| 3.00 | 1.00 | 10.0× | – | 12 |");
  });
});

describe("walCell", () => {
  it("shows WAL per request in kB with its full-page images, and – where nothing was metered", () => {
    expect(walCell({ walBytes: 4812.8, walFpi: 0.371 })).toBe("4.7 (0.37)");
    expect(walCell({})).toBe("–");
  });
  it("appears in the load table beside the CPU figures", () => {
    const run = passingRun();
    run.load[0] = { ...run.load[0], serverCpuMs: 3, pgCpuMs: 1, walBytes: 5632, walFpi: 0.02, foreignCpuPct: 1 };
    expect(renderMarkdown(run)).toMatch(/\| 3\.00 \| 1\.00 \| [^|]+ \| 5\.5 \(0\.02\) \| 1 \|/);
  });
});

describe("no-errors summary", () => {
  it("names the first offenders and counts the rest", () => {
    const run = passingRun();
    run.load = run.load.map((r) => ({ ...r, non2xx: 1 }));
    const [t] = byTarget(run, "No errors");
    expect(t.measured).toMatch(/^users\.filter-userName c=10 \[postgres\]: 1; .*; … 5 more \(see Errors\)$/);
  });
});

describe("exitCode", () => {
  it("fails a full run on a missed target but not a quick one", () => {
    const run = passingRun();
    run.peakRssMb = 900;
    expect(exitCode(run, evaluateTargets(run))).toBe(3);
    run.meta.mode = "quick";
    expect(exitCode(run, evaluateTargets(run))).toBe(0);
  });
});

describe("renderMarkdown", () => {
  it("prints each scenario with its ratios to the floor and every target with PASS/MISS", () => {
    const run = passingRun();
    run.peakRssMb = 512;
    const md = renderMarkdown(run);
    // users.filter-userName: 500 req/s vs 1000 → 0.50×; p50 4 vs 2 → 2.00×; p99 10 vs 5 → 2.00×.
    expect(md).toContain("| users.filter-userName | postgres | 10 | 500 | 0.50× | 4.00 | 2.00× | 10.00 | 2.00× | 0 | – |");
    // No bare-PGlite floor in this run: the embedded row has no ratios.
    expect(md).toMatch(/\| users\.list-deep \| pglite \| 10 \| 100 \| – \| 500\.00 \| – \|/);
    expect(md).toContain("| Peak RSS of the Roster server (process tree) | 512 MB | < 400 MB | **MISS** |");
    expect(md).toContain("| Initial push (GET filter → POST per user, 10 clients) | 9000.0 ms | < 12000.0 ms | PASS |");
    expect(md).toMatch(/\d+ passed, 1 missed, 0 not measured\./);
    expect(md).not.toContain("## Errors");
  });

  it("shows each floor's engine and gives embedded rows ratios to the bare-PGlite floor", () => {
    const md = renderMarkdown(embeddedRun());
    expect(md).toContain("| baseline.lookup | PGlite (bare) | 10 | 4000 |");
    expect(md).toContain("| baseline.lookup | PostgreSQL (bare pg) | 10 | 1000 |");
    // users.get on PGlite: 1700 req/s vs 4000 → 0.42×; p50 5 vs 2 → 2.50×.
    expect(md).toContain("| users.get | pglite | 10 | 1700 | 0.42× | 5.00 | 2.50× |");
    expect(md).toContain("10,000-member directory for its SCIM scenarios");
  });

  it("escapes pipes in cells and lists error samples", () => {
    const run = passingRun();
    run.load[0] = { ...run.load[0], title: "a | b", non2xx: 3, statusCounts: { 500: 3 }, errorSamples: ["GET 500: boom"] };
    const md = renderMarkdown(run);
    expect(md).toContain("| a \\| b |");
    expect(md).toContain("## Errors");
    expect(md).toContain("`GET 500: boom`");
  });

  it("says quick-mode targets are informational", () => {
    const run = passingRun();
    run.meta.mode = "quick";
    expect(renderMarkdown(run)).toContain("## Targets (informational in quick mode)");
  });
});
