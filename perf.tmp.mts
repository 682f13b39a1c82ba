import { openTestDatabase } from "@/lib/db/testing";
import { setDatabaseForProcess } from "@/lib/db";
import { seedDirectory, sqlRunnerFor, createBenchToken } from "@/bench/seed";
import { handleScimHttpRequest } from "@/lib/scim-http/handle";
import { memberId, memberUserName } from "@/bench/ids";
import pg from "pg";
process.env.TEST_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/postgres";
const db = await openTestDatabase();
setDatabaseForProcess(db);
const { directory: d } = await seedDirectory(sqlRunnerFor(db), { label: "perf", members: 100_000, adminPassword: "admin-password-1" });
const token = await createBenchToken(db, d.workspaceId);
const logger = { error: console.error, warn: console.warn };
const call = (method: string, path: string, body?: unknown) =>
  handleScimHttpRequest(new Request(`http://x/api/v2/scim${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" }, body: body ? JSON.stringify(body) : undefined }), { logger });
const p50 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(n: number, f: (i: number) => Promise<unknown>) { const t: number[] = []; for (let i = 0; i < n; i++) { const s = performance.now(); await f(i); t.push(performance.now() - s); } return t; }
// warm
for (let i = 0; i < 50; i++) await (await call("GET", `/Users?filter=userName eq "${memberUserName(i + 1)}"`)).text();
const lookups = await time(300, async (i) => { const r = await call("GET", `/Users?filter=userName eq "${memberUserName((i * 7919) % 100000 + 1)}"`); const b = await r.json(); if (b.totalResults !== 1) throw new Error("lookup " + JSON.stringify(b)); });
const pool = new pg.Pool({ connectionString: (db as any).url, max: 10 });
const raw = await time(300, async (i) => { await pool.query(`SELECT * FROM "Member" WHERE "workspaceId" = $1 AND lower("userName") = lower($2)`, [d.workspaceId, memberUserName((i * 7919) % 100000 + 1)]); });
console.log("lookup p50 ms scim", p50(lookups).toFixed(2), "raw", p50(raw).toFixed(2));
// concurrent throughput (in-process, 10 concurrent)
async function throughput(f: (i: number) => Promise<unknown>, ms = 3000, conc = 10) { let n = 0; const end = performance.now() + ms; await Promise.all(Array.from({ length: conc }, async (_, w) => { while (performance.now() < end) { await f(n++ + w); } })); return n / (ms / 1000); }
const tScim = await throughput(async (i) => { const r = await call("GET", `/Users?filter=userName eq "${memberUserName((i * 7919) % 100000 + 1)}"`); await r.text(); });
const tRaw = await throughput(async (i) => { await pool.query(`SELECT * FROM "Member" WHERE "workspaceId" = $1 AND lower("userName") = lower($2)`, [d.workspaceId, memberUserName((i * 7919) % 100000 + 1)]); });
console.log("throughput rps scim", tScim.toFixed(0), "raw", tRaw.toFixed(0), "ratio", (tScim / tRaw).toFixed(2));
const pages = await time(20, async () => { const r = await call("GET", `/Users?startIndex=90001&count=100`); const b = await r.json(); if (b.Resources.length !== 100 || b.totalResults !== 100001) throw new Error("page " + b.totalResults); });
console.log("page 90001 p50 ms", p50(pages).toFixed(2), pages.map(x=>x.toFixed(0)).join(","));
const pagesSorted = await time(10, async () => { const r = await call("GET", `/Users?startIndex=90001&count=100&sortBy=userName`); await r.json(); });
console.log("page 90001 sortBy=userName p50 ms", p50(pagesSorted).toFixed(2));
// membership add: new users then add to big vs small
const newIds: string[] = [];
for (let i = 0; i < 60; i++) { const r = await call("POST", "/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `perf-new-${i}@x.com` }); newIds.push((await r.json()).id); }
const add = (g: string, id: string) => call("PATCH", `/Groups/${g}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] }).then(r => { if (r.status !== 204) throw new Error("add " + r.status); });
const big: number[] = [], small: number[] = [];
for (let i = 0; i < 30; i++) { let s = performance.now(); await add(d.bigGroupId, newIds[i]); big.push(performance.now() - s); s = performance.now(); await add(d.smallGroupId, newIds[30 + i]); small.push(performance.now() - s); }
console.log("add to 50k group p50", p50(big).toFixed(2), "to 10-member group p50", p50(small).toFixed(2), "ratio", (p50(big) / p50(small)).toFixed(2));
const getBigEx = await time(10, async () => { const r = await call("GET", `/Groups/${d.bigGroupId}?excludedAttributes=members`); await r.json(); });
const getBig = await time(3, async () => { const r = await call("GET", `/Groups/${d.bigGroupId}`); const b = await r.json(); if (b.members.length < 50000) throw new Error("members"); });
console.log("GET big group excl members p50", p50(getBigEx).toFixed(2), "with 50k members p50", p50(getBig).toFixed(2));
await pool.end();
await db.close();
