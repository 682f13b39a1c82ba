// What the bench sends: the SCIM load scenarios (autocannon request templates that vary the
// target of every request), the floor's two, the end-to-end scenarios (initial push, group build)
// and the admin UI timing. Each load request draws the next number from a counter shared by all
// connections, so no two requests of a scenario create the same user or add the same member.
import http from "node:http";
import os from "node:os";
import autocannon from "autocannon";
import { memberId, memberUserName } from "./ids";
import { percentile, poolWrappedNote, type Engine, type Floor, type LoadResult, type OneOffResult } from "./report";
import type { SeededDirectory } from "./seed";

export const SCIM_BASE = "/api/v2/scim";
const CORES = os.cpus().length;
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const SCIM_CONTENT_TYPE = "application/scim+json";

export interface LoadScenario {
  id: string;
  title: string;
  floor?: Floor;
  singleResource?: boolean;
  /** Fresh request templates (with fresh counters) for one autocannon run. */
  requests(): autocannon.Request[];
  /** Set when a run issued more requests than the pool has distinct targets. */
  note?: () => string | undefined;
}

export interface ScenarioPlan {
  directory: SeededDirectory;
  /** Unique per run and engine: prefixes userNames the bench creates. */
  runId: string;
  /** startIndex of the deep list page (90,001 for 100,000 members). */
  deepStartIndex: number;
}

export function deepStartIndexFor(members: number): number {
  return Math.max(1, Math.floor(members * 0.9) + 1);
}

/** Spreads consecutive k over 1..n (a fixed stride coprime with n), so lookups don't walk the index in order. */
export function spread(k: number, n: number): number {
  const stride = gcd(48_271, n) === 1 ? 48_271 : 1;
  return ((k * stride) % n) + 1;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The next number on each call, from `start`; `drawn()` says how many were drawn (to tell a pool that wrapped). */
function counter(start = 0) {
  let k = start;
  return Object.assign(() => k++, { drawn: () => k - start });
}

const enc = encodeURIComponent;
export const userNameFilter = (userName: string) => `userName eq "${userName}"`;

function addMemberBody(id: string) {
  return JSON.stringify({ schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] });
}

/** The person a created user is: SCIM's userName, externalId and name. */
export interface NewPerson {
  userName: string;
  externalId: string;
  givenName: string;
  familyName: string;
}

/**
 * The k-th new person of a create scenario, named after seeded member spread(k, n) plus a suffix,
 * so every key of theirs (userName, externalId, the name keys) sorts right beside that member's.
 * An IdP's new hires are spread over the alphabet like the people already there, so a create
 * writes to random leaves of Member's indexes — as a PATCH of a random member does. Names numbered
 * in order (new-1, new-2, …) would all land on a few hot pages and flatter the create.
 */
export function newPerson(tag: string, k: number, n: number): NewPerson {
  const j = spread(k, n);
  return { userName: `user${j}.${tag}-${k}@bench.example`, externalId: `ext-${j}.${tag}-${k}`, givenName: `Given${j}`, familyName: `Family${j}.${tag}-${k}` };
}

export function newUserBody(p: NewPerson) {
  return JSON.stringify({
    schemas: [USER_SCHEMA],
    userName: p.userName,
    externalId: p.externalId,
    name: { givenName: p.givenName, familyName: p.familyName },
    displayName: `${p.givenName} ${p.familyName}`,
    emails: [{ value: p.userName, type: "work", primary: true }],
    active: true,
  });
}

/**
 * The SCIM load scenarios, in run order (reads first, so writes don't change what reads see; the
 * sets of INTERLEAVED_SETS next to each other). Each scenario keeps one counter for its whole
 * life (warm-up and every concurrency level).
 */
export function scimScenarios(plan: ScenarioPlan): LoadScenario[] {
  const d = plan.directory;
  const n = d.members;
  const id = (i: number) => memberId(d.label, i);
  // Members outside the big group (which holds 1..bigGroupSize), added to the groups one per request.
  const addPoolStart = d.bigGroupSize + 1;
  const addPoolSize = Math.max(1, n - d.bigGroupSize);

  const get = (path: () => string): autocannon.Request[] => [{ method: "GET", setupRequest: (req) => ({ ...req, path: path() }) }];

  const addToGroup = (scenarioId: string, title: string, groupId: string): LoadScenario => {
    // One counter for the scenario's whole life (warm-up and every concurrency level), so a
    // member added in one run is not added again in the next.
    const next = counter();
    return {
      id: scenarioId,
      title,
      floor: "insert",
      singleResource: true,
      requests() {
        return [
          {
            method: "PATCH",
            path: `${SCIM_BASE}/Groups/${groupId}`,
            setupRequest: (req) => {
              return { ...req, body: addMemberBody(id(addPoolStart + (next() % addPoolSize))) };
            },
          },
        ];
      },
      note: () => (next.drawn() > addPoolSize ? poolWrappedNote(addPoolSize, "later adds were of existing members") : undefined),
    };
  };

  const nextLookup = counter();
  const nextGet = counter();
  const nextCreate = counter();
  const nextPut = counter();
  // Offset from PUT's sequence so the two don't touch the same members first.
  const nextPatch = counter(Math.floor(n / 3));
  return [
    {
      // Not a SCIM call: the framework's own floor (Next.js route handler + one Prisma $queryRaw,
      // no auth), to tell how much of a SCIM request's cost is Next.js/Prisma and how much is Roster's.
      id: "next.health",
      title: "GET /api/health (Next.js route + Prisma SELECT 1; not SCIM)",
      floor: "lookup",
      requests: () => [{ method: "GET", path: "/api/health" }],
    },
    {
      id: "users.filter-userName",
      title: 'GET /Users?filter=userName eq "…"',
      floor: "lookup",
      singleResource: true,
      requests() {
        return get(() => `${SCIM_BASE}/Users?filter=${enc(userNameFilter(memberUserName(spread(nextLookup(), n))))}`);
      },
    },
    {
      id: "users.get",
      title: "GET /Users/{id}",
      floor: "lookup",
      singleResource: true,
      requests() {
        return get(() => `${SCIM_BASE}/Users/${id(spread(nextGet(), n))}`);
      },
    },
    {
      id: "users.list-first",
      title: "GET /Users?startIndex=1&count=100",
      floor: "lookup",
      requests: () => get(() => `${SCIM_BASE}/Users?startIndex=1&count=100`),
    },
    {
      id: "users.list-deep",
      title: `GET /Users?startIndex=${plan.deepStartIndex}&count=100`,
      floor: "lookup",
      requests: () => get(() => `${SCIM_BASE}/Users?startIndex=${plan.deepStartIndex}&count=100`),
    },
    {
      id: "groups.get-big-excluded",
      title: `GET /Groups/{big}?excludedAttributes=members (${d.bigGroupSize.toLocaleString("en-US")} members)`,
      floor: "lookup",
      singleResource: true,
      requests: () => get(() => `${SCIM_BASE}/Groups/${d.bigGroupId}?excludedAttributes=members`),
    },
    {
      id: "groups.get-big-full",
      title: `GET /Groups/{big} with members (${d.bigGroupSize.toLocaleString("en-US")})`,
      floor: "lookup",
      requests: () => get(() => `${SCIM_BASE}/Groups/${d.bigGroupId}`),
    },
    {
      id: "users.put",
      title: "PUT /Users/{id}",
      floor: "insert",
      singleResource: true,
      requests() {
        return [
          {
            method: "PUT",
            setupRequest: (req) => {
              const k = nextPut();
              const i = spread(k, n);
              const userName = memberUserName(i);
              return {
                ...req,
                path: `${SCIM_BASE}/Users/${id(i)}`,
                body: JSON.stringify({
                  schemas: [USER_SCHEMA],
                  id: id(i),
                  userName,
                  externalId: `ext-${i}`,
                  name: { givenName: `Given${i}`, familyName: `Put${k}` },
                  displayName: `Given${i} Put${k}`,
                  emails: [{ value: userName, type: "work", primary: true }],
                  active: true,
                }),
              };
            },
          },
        ];
      },
    },
    {
      id: "users.create",
      title: "POST /Users",
      floor: "insert",
      singleResource: true,
      requests() {
        return [
          {
            method: "POST",
            path: `${SCIM_BASE}/Users`,
            setupRequest: (req) => {
              return { ...req, body: newUserBody(newPerson(`new-${plan.runId}`, nextCreate(), n)) };
            },
          },
        ];
      },
    },
    {
      id: "users.patch-active",
      title: "PATCH /Users/{id} active=false",
      floor: "insert",
      singleResource: true,
      requests() {
        return [
          {
            method: "PATCH",
            body: JSON.stringify({ schemas: [PATCH_SCHEMA], Operations: [{ op: "replace", path: "active", value: false }] }),
            setupRequest: (req) => ({ ...req, path: `${SCIM_BASE}/Users/${id(spread(nextPatch(), n))}` }),
          },
        ];
      },
      // Each member is disabled once; past n requests the PATCHes are no-ops on disabled members,
      // which cost less than a real deactivation — the row would flatter PATCH.
      note: () => (nextPatch.drawn() > n ? poolWrappedNote(n, "later PATCHes were of members already disabled") : undefined),
    },
    addToGroup("groups.patch-add-small", `PATCH /Groups/{small} add 1 member (${d.smallGroupSize}-member group)`, d.smallGroupId),
    addToGroup("groups.patch-add-big", `PATCH /Groups/{big} add 1 member (${d.bigGroupSize.toLocaleString("en-US")}-member group)`, d.bigGroupId),
    // Issue 19: the group grants a role, so the add also recomputes the member's effective role
    // (transaction path, one recompute statement for the one member) — same targets as the big add.
    addToGroup(
      "groups.patch-add-role",
      `PATCH /Groups/{role} add 1 member (${d.bigGroupSize.toLocaleString("en-US")}-member group granting Editor)`,
      d.roleGroupId,
    ),
  ];
}

/** The scenarios also run on the embedded engine: the single-resource ones its targets judge, and the lists. */
export const EMBEDDED_SCENARIOS = ["users.filter-userName", "users.get", "users.list-first", "users.list-deep", "users.create", "users.patch-active"];

/** The floor's two scenarios (bench/baseline-server.ts), with the same variation as Roster's. */
export function floorScenarios(plan: ScenarioPlan): LoadScenario[] {
  const n = plan.directory.members;
  const nextLookup = counter();
  const nextInsert = counter();
  return [
    {
      id: "baseline.lookup",
      title: "lookup: SELECT … WHERE lower(userName)=lower($2)",
      requests() {
        return [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/lookup?userName=${enc(memberUserName(spread(nextLookup(), n)))}` }) }];
      },
    },
    {
      id: "baseline.insert",
      title: "insert: INSERT INTO Member … RETURNING *",
      requests() {
        return [
          {
            method: "POST",
            path: "/users",
            setupRequest: (req) => {
              const { userName, externalId, givenName, familyName } = newPerson(`floor-${plan.runId}`, nextInsert(), n);
              return { ...req, body: JSON.stringify({ userName, externalId, givenName, familyName }) };
            },
          },
        ];
      },
    },
  ];
}

// ---- Running a load scenario ----------------------------------------------------------------------

export interface LoadOptions {
  baseUrl: string;
  token?: string;
  engine: Engine;
  connections: number;
  durationS: number;
  warmupS: number;
  /** Per-request timeout, seconds. */
  timeoutS?: number;
  /**
   * CPU clocks (ms) read just before and after the measured run: the server's, PostgreSQL's, the
   * whole machine's (busy time over all cores) and this process's (the load generator).
   */
  cpuClocks?: { server: () => number; postgres: () => number; machine: () => number; self: () => number };
  /** PostgreSQL's WAL counters (cluster-wide), read just before and after the measured run. */
  walMeter?: () => Promise<WalCounters>;
}

/** Bytes of WAL written so far and how many of its records were full-page images (pg_stat_wal). */
export interface WalCounters {
  bytes: number;
  fullPageImages: number;
}

interface RawRun {
  latencies: number[];
  statusCounts: Record<string, number>;
  non2xx: number;
  errors: number;
  errorSamples: string[];
  completed: number;
  elapsedS: number;
}

function headersFor(token?: string): Record<string, string> {
  const headers: Record<string, string> = { accept: SCIM_CONTENT_TYPE, "content-type": SCIM_CONTENT_TYPE };
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

function cannon(opts: LoadOptions, requests: autocannon.Request[], durationS: number): Promise<RawRun> {
  return new Promise((resolve, reject) => {
    const raw: RawRun = { latencies: [], statusCounts: {}, non2xx: 0, errors: 0, errorSamples: [], completed: 0, elapsedS: durationS };
    // Sample the bodies of unexpected answers (autocannon only passes bodies to onResponse).
    const sampled = requests.map((r) => ({
      ...r,
      onResponse: (status: number, body: string) => {
        if ((status < 200 || status >= 300) && raw.errorSamples.length < 3) {
          raw.errorSamples.push(`${r.method ?? "GET"} ${status}: ${String(body).slice(0, 300)}`);
        }
      },
    }));
    const started = performance.now();
    const instance = autocannon(
      {
        url: opts.baseUrl,
        connections: opts.connections,
        duration: durationS,
        // autocannon stops at its first sample tick after the duration: ticks every 100 ms (not
        // the default 1 s) so an interleaved slice of 2.5 s lasts 2.5 s, not 3.
        sampleInt: 100,
        timeout: opts.timeoutS ?? 30,
        headers: headersFor(opts.token),
        requests: sampled,
      },
      (err, result) => {
        if (err) return reject(err);
        raw.elapsedS = (performance.now() - started) / 1000;
        raw.errors = result.errors + result.timeouts;
        resolve(raw);
      },
    );
    instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      raw.completed++;
      raw.statusCounts[statusCode] = (raw.statusCounts[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) raw.latencies.push(responseTime);
      else raw.non2xx++;
    });
    instance.on("reqError", (error: Error) => {
      if (raw.errorSamples.length < 3) raw.errorSamples.push(`request error: ${error.message}`);
    });
  });
}

/**
 * Scenarios that a target compares with each other (PATCH vs create; the role-granting and big
 * group adds vs the small one). They are measured in alternating slices, not one after the other:
 * this machine's speed drifts by up to ~30% within the hour — more than the gaps those targets
 * judge — and alternating makes the drift fall on every scenario of a set alike.
 */
export const INTERLEAVED_SETS: readonly (readonly string[])[] = [
  ["users.create", "users.patch-active"],
  ["groups.patch-add-small", "groups.patch-add-big", "groups.patch-add-role"],
];

/** Slices per scenario when interleaved: A B | B A | A B | B A, so a steady drift cancels out. */
export const INTERLEAVED_SLICES = 4;

/**
 * The scenarios as measurement units, in order: each INTERLEAVED_SETS set (the members present,
 * if more than one) at the place of its first member, every other scenario alone.
 */
export function measurementUnits(scenarios: LoadScenario[]): LoadScenario[][] {
  const units: LoadScenario[][] = [];
  const placed = new Set<string>();
  for (const scenario of scenarios) {
    if (placed.has(scenario.id)) continue;
    const set = INTERLEAVED_SETS.find((ids) => ids.includes(scenario.id));
    const unit = set ? scenarios.filter((s) => set.includes(s.id)) : [scenario];
    for (const s of unit) placed.add(s.id);
    units.push(unit);
  }
  return units;
}

/** The order of round `round` of an interleaved measurement: forwards, then backwards, and so on. */
export function sliceOrder<T>(unit: readonly T[], round: number): T[] {
  return round % 2 === 0 ? [...unit] : [...unit].reverse();
}

/** What a scenario's measured slices added up to. */
interface Tally {
  raw: RawRun;
  cpu: { server: number; postgres: number; machine: number; self: number } | null;
  wal: WalCounters | null;
  /** [start, end] of each slice (ms since the epoch): its peak RSS is read over these. */
  windows: [number, number][];
}

export interface MeasuredLoad {
  result: LoadResult;
  windows: [number, number][];
}

/**
 * Measures one scenario (warm-up, then durationS), or a set of them interleaved: each warmed up,
 * then INTERLEAVED_SLICES rounds in sliceOrder, each scenario running durationS / slices per round;
 * `settle` runs before every slice (the server finishing what the previous one left, e.g. emails).
 * Requests, latencies, CPU and WAL are summed over a scenario's slices.
 */
export async function runLoads(unit: LoadScenario[], opts: LoadOptions, settle?: () => Promise<unknown>): Promise<MeasuredLoad[]> {
  const slices = unit.length > 1 ? INTERLEAVED_SLICES : 1;
  if (opts.warmupS > 0) for (const scenario of unit) await cannon(opts, scenario.requests(), opts.warmupS);
  const clocks = opts.cpuClocks;
  const read = () => clocks && { server: clocks.server(), postgres: clocks.postgres(), machine: clocks.machine(), self: clocks.self() };
  const tallies = new Map<string, Tally>(
    unit.map((s) => [s.id, { raw: { latencies: [], statusCounts: {}, non2xx: 0, errors: 0, errorSamples: [], completed: 0, elapsedS: 0 }, cpu: null, wal: null, windows: [] }]),
  );
  for (let round = 0; round < slices; round++) {
    for (const scenario of sliceOrder(unit, round)) {
      if (slices > 1) await settle?.();
      const tally = tallies.get(scenario.id)!;
      const from = Date.now();
      const walBefore = await opts.walMeter?.();
      const before = read();
      const raw = await cannon(opts, scenario.requests(), opts.durationS / slices);
      const after = read();
      const walAfter = await opts.walMeter?.();
      tally.windows.push([from, Date.now()]);
      addRun(tally.raw, raw);
      if (before && after) {
        const d = (k: keyof typeof before) => after[k] - before[k];
        const c = tally.cpu ?? { server: 0, postgres: 0, machine: 0, self: 0 };
        tally.cpu = { server: c.server + d("server"), postgres: c.postgres + d("postgres"), machine: c.machine + d("machine"), self: c.self + d("self") };
      }
      if (walBefore && walAfter) {
        const w = tally.wal ?? { bytes: 0, fullPageImages: 0 };
        tally.wal = { bytes: w.bytes + walAfter.bytes - walBefore.bytes, fullPageImages: w.fullPageImages + walAfter.fullPageImages - walBefore.fullPageImages };
      }
    }
  }
  return unit.map((scenario) => {
    const { raw, cpu, wal, windows } = tallies.get(scenario.id)!;
    const others = unit.filter((s) => s !== scenario).map((s) => s.id);
    const interleaved = others.length > 0 ? `measured in ${slices} slices alternating with ${others.join(", ")}` : undefined;
    return { result: loadResult(scenario, opts, raw, cpu, wal, interleaved), windows };
  });
}

function addRun(into: RawRun, run: RawRun): void {
  for (const latency of run.latencies) into.latencies.push(latency);
  for (const [status, count] of Object.entries(run.statusCounts)) into.statusCounts[status] = (into.statusCounts[status] ?? 0) + count;
  into.non2xx += run.non2xx;
  into.errors += run.errors;
  into.errorSamples.push(...run.errorSamples.slice(0, Math.max(0, 3 - into.errorSamples.length)));
  into.completed += run.completed;
  into.elapsedS += run.elapsedS;
}

function loadResult(scenario: LoadScenario, opts: LoadOptions, raw: RawRun, cpuTotals: Tally["cpu"], walTotals: WalCounters | null, interleaved?: string): LoadResult {
  // What a request costs PostgreSQL's log: a write to random pages pays a full-page image of each
  // page it is the first since the checkpoint to change (an append dirties a few pages over and over).
  const wal: Pick<LoadResult, "walBytes" | "walFpi"> =
    walTotals && raw.completed > 0 ? { walBytes: walTotals.bytes / raw.completed, walFpi: walTotals.fullPageImages / raw.completed } : {};
  let cpu: Pick<LoadResult, "serverCpuMs" | "pgCpuMs" | "foreignCpuPct"> = {};
  if (cpuTotals) {
    // Busy CPU of everything else on the machine (other people's builds and tests), as a share of all cores.
    const foreign = cpuTotals.machine - cpuTotals.server - (Number.isNaN(cpuTotals.postgres) ? 0 : cpuTotals.postgres) - cpuTotals.self;
    cpu = {
      serverCpuMs: raw.completed > 0 ? cpuTotals.server / raw.completed : undefined,
      pgCpuMs: raw.completed > 0 ? cpuTotals.postgres / raw.completed : undefined,
      foreignCpuPct: Math.max(0, (100 * foreign) / (raw.elapsedS * 1000 * CORES)),
    };
  }
  if (raw.completed === 0) {
    // Nothing answered within the run: every connection's request is a failure, not "0 errors".
    raw.errors = Math.max(raw.errors, opts.connections);
    raw.errorSamples.push(`no response completed within ${opts.durationS} s at ${opts.connections} connections`);
  }
  return {
    id: scenario.id,
    title: scenario.title,
    engine: opts.engine,
    connections: opts.connections,
    durationS: raw.elapsedS,
    requests: raw.completed,
    rps: raw.completed / raw.elapsedS,
    p50: percentile(raw.latencies, 50),
    p99: percentile(raw.latencies, 99),
    non2xx: raw.non2xx,
    errors: raw.errors,
    statusCounts: raw.statusCounts,
    errorSamples: raw.errorSamples,
    floor: scenario.floor,
    singleResource: scenario.singleResource,
    note: [interleaved, scenario.note?.()].filter(Boolean).join("; ") || undefined,
    ...cpu,
    ...wal,
  };
}

// ---- End-to-end scenarios (fetch) ---------------------------------------------------------------

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

/**
 * One SCIM request on a keep-alive node:http agent, body read as text. The end-to-end scenarios
 * run their clients in this process, on the 2 cores the server uses: fetch (undici) cost about
 * 0.6 ms of CPU per request here, a third of what the push took from the machine, so they use
 * this (about a quarter of that) — an identity provider's CPU is not on Roster's host.
 */
const scimAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function scimFetch(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; text(): Promise<string> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = headersFor(token);
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${SCIM_BASE}${path}`, { method, headers, agent: scimAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, text: async () => text });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

class ErrorLog {
  count = 0;
  samples: string[] = [];
  add(message: string) {
    this.count++;
    if (this.samples.length < 3) this.samples.push(message);
  }
}

/**
 * An IdP's first push, the way Okta does it: for each user, look the userName up
 * (filter userName eq, startIndex=1&count=100), expect no match, then POST it; `clients` at a time.
 */
export async function runInitialPush(opts: {
  baseUrl: string;
  token: string;
  engine: Engine;
  users: number;
  clients: number;
  runId: string;
}): Promise<OneOffResult> {
  const errors = new ErrorLog();
  const perUser: number[] = [];
  let nextUser = 0;
  const worker = async () => {
    for (let k = nextUser++; k < opts.users; k = nextUser++) {
      const userName = `push-${opts.runId}-${k}@bench.example`;
      const t = performance.now();
      try {
        const lookup = await scimFetch(opts.baseUrl, opts.token, "GET", `/Users?filter=${enc(userNameFilter(userName))}&startIndex=1&count=100`);
        const found = await lookup.text();
        if (lookup.status !== 200) {
          errors.add(`lookup ${lookup.status}: ${found.slice(0, 200)}`);
          continue;
        }
        if ((JSON.parse(found) as { totalResults?: number }).totalResults !== 0) {
          errors.add(`lookup of a new userName found something: ${found.slice(0, 200)}`);
          continue;
        }
        // Numbered names, as when issue #7 set the push's target (users.create spreads its names: newPerson).
        const person = { userName, externalId: `ext-${userName}`, givenName: `New${k}`, familyName: "Bench" };
        const created = await scimFetch(opts.baseUrl, opts.token, "POST", "/Users", JSON.parse(newUserBody(person)));
        const text = await created.text();
        if (created.status !== 201) {
          errors.add(`create ${created.status}: ${text.slice(0, 200)}`);
          continue;
        }
        perUser.push(performance.now() - t);
      } catch (error) {
        errors.add(`request error: ${(error as Error).message}`);
      }
    }
  };
  const { ms } = await timed(() => Promise.all(Array.from({ length: opts.clients }, worker)));
  return {
    id: "push.initial",
    title: `Initial push: ${opts.users.toLocaleString("en-US")} users, ${opts.clients} clients, GET filter → POST each`,
    engine: opts.engine,
    totalMs: ms,
    operations: opts.users * 2,
    p50: percentile(perUser, 50),
    p99: percentile(perUser, 99),
    errors: errors.count,
    errorSamples: errors.samples,
    note: "latency per user (lookup + create)",
  };
}

/** A new group filled by `batches` sequential PATCHes of `batchSize` members each; times the PATCHes. */
export async function runGroupBuild(opts: {
  baseUrl: string;
  token: string;
  engine: Engine;
  directory: SeededDirectory;
  batches: number;
  batchSize: number;
  runId: string;
}): Promise<OneOffResult> {
  const errors = new ErrorLog();
  const latencies: number[] = [];
  const size = opts.batches * opts.batchSize;
  const result = (totalMs: number): OneOffResult => ({
    id: "groups.build",
    title: `Group of ${size.toLocaleString("en-US")} built by ${opts.batches} sequential PATCHes of ${opts.batchSize}`,
    engine: opts.engine,
    totalMs,
    operations: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: errors.count,
    errorSamples: errors.samples,
    note: "group creation not timed",
  });
  const created = await scimFetch(opts.baseUrl, opts.token, "POST", "/Groups", {
    schemas: [GROUP_SCHEMA],
    displayName: `Bench build ${opts.runId}`,
    externalId: `build-${opts.runId}`,
  });
  const createdText = await created.text();
  if (created.status !== 201) {
    errors.add(`create group ${created.status}: ${createdText.slice(0, 200)}`);
    return result(Number.NaN);
  }
  const groupId = (JSON.parse(createdText) as { id: string }).id;
  const members = Math.min(size, opts.directory.members);
  const { ms } = await timed(async () => {
    for (let b = 0; b < opts.batches; b++) {
      const value = Array.from({ length: opts.batchSize }, (_, j) => ({ value: memberId(opts.directory.label, ((b * opts.batchSize + j) % members) + 1) }));
      const t = performance.now();
      const res = await scimFetch(opts.baseUrl, opts.token, "PATCH", `/Groups/${groupId}`, {
        schemas: [PATCH_SCHEMA],
        Operations: [{ op: "add", path: "members", value }],
      });
      const text = await res.text();
      latencies.push(performance.now() - t);
      if (res.status < 200 || res.status >= 300) errors.add(`PATCH ${res.status}: ${text.slice(0, 200)}`);
    }
  });
  // Check the work was done (a fast no-op must not pass): the group now lists every member added.
  const check = await scimFetch(opts.baseUrl, opts.token, "GET", `/Groups/${groupId}`);
  const checkText = await check.text();
  if (check.status !== 200) errors.add(`GET built group ${check.status}: ${checkText.slice(0, 200)}`);
  else {
    const got = ((JSON.parse(checkText) as { members?: unknown[] }).members ?? []).length;
    if (got !== members) errors.add(`built group has ${got} members, expected ${members}`);
  }
  return result(ms);
}

// ---- Admin UI -----------------------------------------------------------------------------------

export interface UiCredentials {
  workspace: string;
  email: string;
  password: string;
}

function cookiesFrom(res: Response, jar: Map<string, string>) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through next-auth's credentials provider; returns the cookie header of the session. */
export async function signIn(baseUrl: string, creds: UiCredentials): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  cookiesFrom(csrfRes, jar);
  if (csrfRes.status !== 200) throw new Error(`GET /api/auth/csrf → ${csrfRes.status}`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, ...creds, callbackUrl: `${baseUrl}/members`, json: "true" }),
  });
  cookiesFrom(res, jar);
  const text = await res.text();
  if (![...jar.keys()].some((k) => k.endsWith("session-token"))) {
    throw new Error(`sign-in failed: ${res.status} ${res.headers.get("location") ?? ""} ${text.slice(0, 200)}`);
  }
  return cookieHeader(jar);
}

export async function runUiTiming(opts: {
  baseUrl: string;
  engine: Engine;
  creds: UiCredentials;
  pages: { id: string; title: string; path: string }[];
  requests: number;
}): Promise<OneOffResult[]> {
  const cookie = await signIn(opts.baseUrl, opts.creds);
  const out: OneOffResult[] = [];
  for (const page of opts.pages) {
    const errors = new ErrorLog();
    const latencies: number[] = [];
    const started = performance.now();
    for (let i = 0; i <= opts.requests; i++) {
      const t = performance.now();
      const res = await fetch(`${opts.baseUrl}${page.path}`, { headers: { cookie }, redirect: "manual" });
      const text = await res.text();
      const elapsed = performance.now() - t;
      if (res.status !== 200) {
        errors.add(`${page.path} ${res.status} ${res.headers.get("location") ?? ""} ${text.slice(0, 200)}`);
        continue;
      }
      if (i > 0) latencies.push(elapsed); // the first request warms the route up
    }
    out.push({
      id: page.id,
      title: page.title,
      engine: opts.engine,
      totalMs: performance.now() - started,
      operations: opts.requests,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors: errors.count,
      errorSamples: errors.samples,
      note: "signed-in admin, sequential, full body",
    });
  }
  return out;
}

