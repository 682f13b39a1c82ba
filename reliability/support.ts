// Shared pieces of the reliability checks: a fresh PostgreSQL database, production instances
// started the way `npm start` starts them (bench/server.ts), a workspace and token made with the
// CLI, and a small SCIM client that records every answer it gets.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { freePort, startNext, type NextServer } from "@/bench/server";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const PG_SERVER_URL = process.env.RELIABILITY_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const SCIM = "/api/v2/scim";
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

const run = promisify(execFile);

/** Creates roster_rel_<run> on the local PostgreSQL server; drop() removes it (and its connections). */
export async function createDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `roster_rel_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_SERVER_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_SERVER_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** One production instance on databaseUrl (`npm start`'s node flags, NODE_ENV=production, log mail transport). */
export async function startInstance(databaseUrl: string, label: string): Promise<NextServer & { logFile: string }> {
  const port = await freePort();
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "roster-rel-")), `${label}.log`);
  const server = await startNext({
    cwd: ROOT,
    port,
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "reliability-session-secret-not-for-production",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Fifty clients on one token are far above the SCIM rate limits' defaults: not what is tested here.
      SCIM_RATE_LIMIT_PER_TOKEN: "1000000",
      SCIM_RATE_LIMIT_PER_WORKSPACE: "1000000",
    },
    logFile,
  });
  return Object.assign(server, { logFile });
}

/** `npm run --silent cli -- …` against databaseUrl; returns what it printed. */
export async function cli(databaseUrl: string, args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.NODE_OPTIONS;
  const { stdout } = await run("npm", ["run", "--silent", "cli", "--", ...args], { cwd: ROOT, env, timeout: 60_000 });
  return stdout.trim();
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Tallies of everything a scenario sent and got back. */
export class Tally {
  requests = 0;
  networkErrors = 0;
  retries = 0;
  readonly byStatus = new Map<number, number>();
  /** 503 answers without a Retry-After header. */
  missingRetryAfter = 0;

  count(status: number) {
    return this.byStatus.get(status) ?? 0;
  }

  summary(): Record<string, number> {
    const out: Record<string, number> = { requests: this.requests, networkErrors: this.networkErrors, retries: this.retries };
    for (const [status, n] of [...this.byStatus].sort((a, b) => a[0] - b[0])) out[String(status)] = n;
    return out;
  }
}

/** Thrown for a connection that failed or was cut (the instance died): the caller decides to retry. */
export class NetworkError extends Error {}

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly tally: Tally,
  ) {}

  async request(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    this.tally.requests++;
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${this.baseUrl}${SCIM}${pathAndQuery}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/scim+json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      text = await res.text();
    } catch (error) {
      this.tally.networkErrors++;
      throw new NetworkError(`${method} ${pathAndQuery} on ${this.baseUrl}: ${(error as Error).message}`);
    }
    this.tally.byStatus.set(res.status, this.tally.count(res.status) + 1);
    if (res.status === 503 && !res.headers.get("retry-after")) this.tally.missingRetryAfter++;
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  }

  get = (p: string, headers?: Record<string, string>) => this.request("GET", p, undefined, headers);
  post = (p: string, body: unknown) => this.request("POST", p, body);
  put = (p: string, body: unknown, headers?: Record<string, string>) => this.request("PUT", p, body, headers);
  patch = (p: string, body: unknown, headers?: Record<string, string>) => this.request("PATCH", p, body, headers);
}

export const patchOp = (...Operations: Record<string, unknown>[]) => ({ schemas: [PATCH_SCHEMA], Operations });

export function scimUser(userName: string): Record<string, unknown> {
  const local = userName.split("@")[0];
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: { givenName: "Rel", familyName: local },
    emails: [{ value: userName, type: "work", primary: true }],
    active: true,
  };
}

/** Runs work(i) for i in [0, n) with at most `concurrency` in flight; rejects on the first failure. */
export async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
