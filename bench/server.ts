// Starting and stopping the servers under test (next start, the baseline server) as process
// groups of their own, waiting for readiness, and sampling the resident memory of the whole
// process tree from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, readdirSync, readFileSync, type WriteStream } from "node:fs";
import net from "node:net";
import path from "node:path";

export interface ManagedProcess {
  pid: number;
  child: ChildProcess;
  /** Last lines the process printed (stdout and stderr), for error messages. */
  tail(): string;
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM to the process group, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnManaged(
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; logFile?: string; onLine?: (line: string) => void },
): ManagedProcess {
  // detached: the child leads its own process group, so stop() reaches its children too.
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  const lines: string[] = [];
  const log: WriteStream | undefined = opts.logFile ? createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  let exited = false;
  const onData = (chunk: Buffer) => {
    log?.write(chunk);
    for (const line of chunk.toString("utf8").split("\n")) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      opts.onLine?.(line);
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exitedPromise = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exited = true;
      resolve(code);
    }),
  );
  return {
    pid,
    child,
    tail: () => lines.slice(-40).join("\n"),
    exited: exitedPromise.finally(() => log?.end()),
    hasExited: () => exited,
    async stop(graceMs = 10_000) {
      if (exited) return;
      signalGroup(pid, "SIGTERM");
      const timer = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), graceMs).unref());
      if ((await Promise.race([exitedPromise, timer])) === "timeout") {
        signalGroup(pid, "SIGKILL");
        await exitedPromise;
      }
      // Children that outlived their leader (same group) go too.
      signalGroup(pid, "SIGKILL");
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Group already gone.
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls url until it answers 200, the process dies, or the timeout passes. */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (proc.hasExited()) throw new Error(`server exited before ${url} answered:\n${proc.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const text = await res.text();
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})\n${proc.tail()}`);
}

export interface NextServer {
  url: string;
  proc: ManagedProcess;
  rss: RssSampler;
  stop(): Promise<void>;
}

/** The production server `npm start` runs (built by `npm run build`, see lib/server/main.ts). */
export const SERVER_BUNDLE = path.join(".next", "roster-server.mjs");

/**
 * The node flags `npm start` gives the server (e.g. its heap limit), read from package.json's
 * start script so the benchmark measures exactly what operators run. `${VAR:-default}` is
 * expanded from env the way the shell does.
 */
export function startScriptNodeArgs(startScript: string, env: Record<string, string | undefined>): string[] {
  const words = startScript.trim().split(/\s+/);
  const node = words.indexOf("node");
  const bundle = words.findIndex((word) => word.endsWith("roster-server.mjs"));
  if (node < 0 || bundle < node) throw new Error(`npm start does not run node …/roster-server.mjs: ${startScript}`);
  return words
    .slice(node + 1, bundle)
    .map((word) => word.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback));
}

function npmStartNodeArgs(cwd: string, env: Record<string, string | undefined>): string[] {
  const pkg = JSON.parse(readFileSync(path.join(cwd, "package.json"), "utf8")) as { scripts: { start: string } };
  return startScriptNodeArgs(pkg.scripts.start, env);
}

export async function startNext(opts: {
  cwd: string;
  port: number;
  env: Record<string, string | undefined>;
  logFile?: string;
  /** Extra node flags for the server process (e.g. --cpu-prof --cpu-prof-dir=…; not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
}): Promise<NextServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The bench decides which engine the server uses: never inherit the caller's database settings.
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(opts.port),
    HOST: "127.0.0.1",
    // One token drives thousands of requests per second, far above what an IdP sends: the SCIM
    // rate limits (default 300/600 per second) would answer 429. The caller's values win.
    SCIM_RATE_LIMIT_PER_TOKEN: process.env.SCIM_RATE_LIMIT_PER_TOKEN ?? "100000",
    SCIM_RATE_LIMIT_PER_WORKSPACE: process.env.SCIM_RATE_LIMIT_PER_WORKSPACE ?? "100000",
    // Invitation emails of a push go to the log; production refuses that unless it is explicit.
    MAIL_TRANSPORT: "log",
    ...opts.env,
  });
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const nodeArgs = [...npmStartNodeArgs(opts.cwd, env), ...(opts.nodeArgs ?? [])];
  const proc = spawnManaged(process.execPath, [...nodeArgs, path.join(opts.cwd, SERVER_BUNDLE)], {
    cwd: opts.cwd,
    env,
    logFile: opts.logFile,
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const rss = new RssSampler(proc.pid);
  rss.start();
  try {
    await waitForHttp(`${url}/api/health`, proc);
  } catch (error) {
    rss.stop();
    await proc.stop();
    throw error;
  }
  return {
    url,
    proc,
    rss,
    async stop() {
      rss.sampleOnce();
      rss.stop();
      await proc.stop();
    },
  };
}

export async function startBaseline(opts: {
  cwd: string;
  /** PostgreSQL, or a PGlite data directory (the embedded engine's floor). */
  databaseUrl?: string;
  pgliteDir?: string;
  workspaceId: string;
  insertWorkspaceId: string;
  logFile?: string;
}): Promise<{ url: string; proc: ManagedProcess; stop(): Promise<void> }> {
  let resolvePort: (port: number) => void;
  const portPromise = new Promise<number>((resolve) => (resolvePort = resolve));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    ...(opts.pgliteDir ? { BENCH_PGLITE_DIR: opts.pgliteDir } : { BENCH_DATABASE_URL: opts.databaseUrl }),
    BENCH_WORKSPACE_ID: opts.workspaceId,
    BENCH_FLOOR_WORKSPACE_ID: opts.insertWorkspaceId,
    BENCH_PORT: "0",
  };
  delete env.NODE_OPTIONS;
  const proc = spawnManaged(process.execPath, ["--import", "tsx", path.join("bench", "baseline-server.ts")], {
    cwd: opts.cwd,
    env,
    logFile: opts.logFile,
    onLine: (line) => {
      const m = /^LISTENING (\d+)$/.exec(line.trim());
      if (m) resolvePort(Number(m[1]));
    },
  });
  const port = await Promise.race([
    portPromise,
    proc.exited.then((code) => Promise.reject(new Error(`baseline server exited (${code}):\n${proc.tail()}`))),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("baseline server did not start in 30 s")), 30_000).unref()),
  ]);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health`, proc, 10_000);
  return { url, proc, stop: () => proc.stop() };
}

// ---- Memory ------------------------------------------------------------------------------------

/** Parent pid from the text of /proc/<pid>/stat (the command name may contain spaces and parens). */
export function parseStatPpid(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[1]);
}

/** utime + stime (clock ticks) from the text of /proc/<pid>/stat. */
export function parseStatCpuTicks(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]);
}

/** CPU time used so far by a process tree, in clock ticks (1/100 s on Linux). */
export function treeCpuTicks(rootPid: number): number {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    try {
      ticks += parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      // Gone.
    }
  }
  return ticks;
}

/** utime + stime + cutime + cstime (clock ticks): the process's own CPU and that of its reaped children. */
export function parseStatCpuTicksWithChildren(stat: string): number {
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
}

/**
 * CPU ticks used so far by PostgreSQL: each postmaster's own time plus that of its exited
 * backends (cutime/cstime, added when it reaps them), plus the live backends' time. Monotonic,
 * unlike a sum over live processes (connections come and go). Counts every database on the
 * server, so other work on it shows up here too.
 */
export function postgresCpuTicks(): number {
  const procs = new Map<number, { ppid: number; stat: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      procs.set(Number(entry), { ppid: parseStatPpid(stat), stat });
    } catch {
      // Gone.
    }
  }
  let ticks = 0;
  for (const { ppid, stat } of procs.values()) {
    ticks += procs.has(ppid) ? parseStatCpuTicks(stat) : parseStatCpuTicksWithChildren(stat);
  }
  return ticks;
}

/** Busy ticks of the whole machine, all cores (the `cpu` line of /proc/stat minus idle and iowait). */
export function parseProcStatBusyTicks(procStat: string): number {
  const fields = procStat.split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

export const machineBusyTicks = () => parseProcStatBusyTicks(readFileSync("/proc/stat", "utf8"));

/** Clock ticks → ms (Linux USER_HZ is 100). */
export const TICK_MS = 10;

/**
 * Waits until the server stops working on requests a finished load run left behind (a client that
 * gives up does not stop the server's work): two consecutive 500 ms windows under 10% of a core.
 * `cpuTicks` may also count PostgreSQL, whose autovacuum works off what earlier scenarios wrote.
 * Returns the time waited, ms (timeoutMs when it never settled).
 */
export async function waitForIdle(cpuTicks: () => number, timeoutMs = 180_000): Promise<number> {
  const started = Date.now();
  const windowMs = 500;
  const ticksPerWindow = (windowMs / 1000) * 100;
  let quiet = 0;
  let last = cpuTicks();
  while (Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, windowMs));
    const now = cpuTicks();
    quiet = now - last <= 0.1 * ticksPerWindow ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) return Date.now() - started - 2 * windowMs;
  }
  return timeoutMs;
}

/** VmRSS and VmHWM (peak RSS) in KiB from the text of /proc/<pid>/status. */
export function parseStatusMemory(status: string): { rssKb: number; hwmKb: number } {
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, "m").exec(status)?.[1] ?? 0);
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}

/** rootPid and all its descendants, from /proc. */
export function processTree(rootPid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), parseStatPpid(readFileSync(`/proc/${entry}/stat`, "utf8")));
    } catch {
      // Process ended while we looked.
    }
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
  }
  return tree.filter((pid) => existsSync(`/proc/${pid}`));
}

export interface RssSample {
  t: number;
  /** Sum of VmRSS over the process tree. */
  rssKb: number;
}

/**
 * Samples the tree's summed RSS every intervalMs and keeps each process's VmHWM (the kernel's own
 * peak, which catches spikes between samples). Peak = max(largest summed sample, largest single HWM).
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly hwmKb = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly rootPid: number,
    private readonly intervalMs = 200,
  ) {}

  start() {
    this.timer = setInterval(() => this.sampleOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  sampleOnce() {
    let sum = 0;
    for (const pid of processTree(this.rootPid)) {
      try {
        const mem = parseStatusMemory(readFileSync(`/proc/${pid}/status`, "utf8"));
        sum += mem.rssKb;
        this.hwmKb.set(pid, Math.max(this.hwmKb.get(pid) ?? 0, mem.hwmKb));
      } catch {
        // Gone.
      }
    }
    if (sum > 0) this.samples.push({ t: Date.now(), rssKb: sum });
  }

  /** Largest summed sample between from and to (epoch ms). */
  peakSampledKb(from = 0, to = Number.POSITIVE_INFINITY): number {
    let peak = 0;
    for (const s of this.samples) if (s.t >= from && s.t <= to && s.rssKb > peak) peak = s.rssKb;
    return peak;
  }

  peakKb(): number {
    return Math.max(this.peakSampledKb(), ...this.hwmKb.values(), 0);
  }
}
