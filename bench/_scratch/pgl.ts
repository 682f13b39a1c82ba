import { openPglite } from "@/lib/db/engines";
import { seedDirectory, sqlRunnerFor } from "../seed";
async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const dir = `/tmp/rb/pgl-${Date.now()}`;
  let t = performance.now();
  const lap = (l: string) => { const now = performance.now(); console.log(l, (now - t).toFixed(0)); t = now; };
  const db = await openPglite(dir); lap("open");
  await db.migrate(); lap("migrate");
  const run = sqlRunnerFor(db);
  const timed: typeof run = async (sql, p) => { const s = performance.now(); const r = await run(sql, p); console.log("  sql", (performance.now() - s).toFixed(0), sql.trim().slice(0, 50).replace(/\s+/g, " ")); return r; };
  await seedDirectory(timed, { label: "x", members: n, adminPassword: "bench-password-1" }); lap("seed");
  await db.close(); lap("close");
}
main();
