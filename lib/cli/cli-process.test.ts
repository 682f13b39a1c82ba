// The real `npm run cli` path: tsx running lib/cli/main.ts as its own process against an
// embedded database in a temporary DATA_DIR (whatever TEST_DATABASE_URL says).
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openPglite } from "@/lib/db/engines";
import { authenticateApiToken } from "@/lib/tokens";

const root = path.resolve(__dirname, "..", "..");

function roster(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [path.join(root, "bin", "roster.mjs"), ...args], { cwd: root, env: childEnv });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("roster CLI process (embedded database)", () => {
  it("workspace create → token create prints a token that authenticateApiToken accepts", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "roster-cli-"));
    const created = await roster(
      ["workspace", "create", "--name", "Process Test", "--admin-email", "ops@proc.test", "--admin-password", "correct horse battery", "--admin-name", "Olga Ops"],
      { DATA_DIR: dataDir },
    );
    expect(created).toEqual({ code: 0, stdout: "process-test\n", stderr: "" });
    const token = await roster(["token", "create", "--workspace", "process-test", "--name", "idp"], { DATA_DIR: dataDir });
    expect(token.code).toBe(0);
    expect(token.stderr).toBe("");
    expect(token.stdout).toMatch(/^roster_\S+\n$/);

    const db = await openPglite(dataDir);
    try {
      const check = await authenticateApiToken(db.prisma, token.stdout.trim());
      expect(check).toMatchObject({ ok: true, token: { name: "idp" } });
    } finally {
      await db.close();
    }
  }, 120_000);

  it("exits 2 with a clear message while a server holds the embedded database", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "roster-cli-busy-"));
    const server = await openPglite(dataDir); // this test process plays the running server
    try {
      const result = await roster(["token", "list", "--workspace", "x"], { DATA_DIR: dataDir });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`is in use by another Roster process (pid ${process.pid})`);
      expect(result.stderr).toContain("Stop that process first");
    } finally {
      await server.close();
    }
  }, 120_000);
});
