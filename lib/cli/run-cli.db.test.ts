import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openPglite } from "@/lib/db/engines";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { authenticateApiToken } from "@/lib/tokens";
import { EXIT_DATABASE_BUSY, EXIT_ERROR, EXIT_OK, HELP, runCli } from "./run-cli";

function sink() {
  let text = "";
  return { write: (chunk: string) => void (text += chunk), get text() { return text; } };
}

describe(`CLI commands (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  async function cli(...argv: string[]) {
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(argv, { stdout, stderr, db });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  async function newWorkspace(name: string) {
    const r = await cli("workspace", "create", "--name", name, "--admin-email", "ops@cli.test", "--admin-password", "correct horse battery", "--admin-name", "Olga Ops");
    expect(r).toMatchObject({ code: EXIT_OK, stderr: "" });
    return r.stdout.trim();
  }

  it("workspace create prints only the slug and creates an admin who can sign in", async () => {
    const r = await cli(
      "workspace", "create", "--name", "Cli Corp", "--admin-email", "ops@cli.test", "--admin-password", "correct horse battery",
      "--admin-given-name", "Olga", "--admin-family-name", "Van der Ops",
    );
    expect(r).toEqual({ code: EXIT_OK, stdout: "cli-corp\n", stderr: "" });
    const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: "cli-corp" }, include: { members: true } });
    expect(ws.members).toMatchObject([{ userName: "ops@cli.test", role: "ADMIN", status: "ACTIVE" }]);
    expect(ws.members[0]).toMatchObject({ givenName: "Olga", familyName: "Van der Ops", formattedName: "Olga Van der Ops", displayName: "Olga Van der Ops" });
    expect((await cli("workspace", "list")).stdout).toMatch(/^SLUG\s+NAME\n(.*\n)*cli-corp\s+Cli Corp\n/m);
  });

  it("workspace create splits one --admin-name at its last word, and requires a name", async () => {
    const base = ["workspace", "create", "--admin-email", "ops@cli.test", "--admin-password", "correct horse battery"];
    const split = await cli(...base, "--name", "Split Co", "--admin-name", "  Ada   King Lovelace ");
    expect(split).toEqual({ code: EXIT_OK, stdout: "split-co\n", stderr: "" });
    const admin = await db.prisma.member.findFirstOrThrow({ where: { workspace: { slug: "split-co" } } });
    expect(admin).toMatchObject({ givenName: "Ada King", familyName: "Lovelace", formattedName: "Ada King Lovelace", displayName: "Ada King Lovelace" });

    const refused: [string[], RegExp][] = [
      [[], /the admin's name is required: --admin-given-name and --admin-family-name, or --admin-name/],
      [["--admin-name", "Cher"], /--admin-name needs a given and a family name/],
      [["--admin-given-name", "Ada"], /--admin-family-name: Enter a family name\./],
      [["--admin-given-name", "Ada", "--admin-family-name", " "], /--admin-family-name: Enter a family name\./],
      [["--admin-given-name", "x".repeat(101), "--admin-family-name", "L"], /--admin-given-name: Use at most 100 characters/],
      [["--admin-name", "Ada Lovelace", "--admin-given-name", "Ada"], /use either --admin-name or --admin-given-name/],
    ];
    for (const [options, message] of refused) {
      const r = await cli(...base, "--name", "Refused Co", ...options);
      expect(r.code, options.join(" ")).toBe(EXIT_ERROR);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(message);
    }
    expect(await db.prisma.workspace.count({ where: { name: "Refused Co" } })).toBe(0);
  });

  it("workspace create reports invalid input on stderr with a non-zero exit", async () => {
    const r = await cli("workspace", "create", "--name", "Weak", "--admin-email", "a@b.test", "--admin-password", "short", "--admin-name", "A B");
    expect(r.code).toBe(EXIT_ERROR);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/at least 10 characters/);
    const missing = await cli("workspace", "create", "--name", "No Email");
    expect(missing.code).toBe(EXIT_ERROR);
    expect(missing.stderr).toMatch(/--admin-email is required/);
  });

  it("token create prints ONLY a bearer token that authenticates for that workspace", async () => {
    const slug = await newWorkspace("Token Maker");
    const r = await cli("token", "create", "--workspace", slug, "--name", "okta", "--expires-in-days", "30");
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^roster_[A-Za-z0-9_-]{43}\n$/);
    const check = await authenticateApiToken(db.prisma, r.stdout.trim());
    const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug } });
    expect(check).toMatchObject({ ok: true, token: { name: "okta", workspaceId: ws.id } });
    const row = await db.prisma.apiToken.findFirstOrThrow({ where: { workspaceId: ws.id, name: "okta" } });
    expect(row.createdByLabel).toBe("cli");
    expect(Math.round((row.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(30);
  });

  it("token create validates its options and refuses a duplicate live name", async () => {
    const slug = await newWorkspace("Validation");
    for (const days of ["0", "-3", "1.5", "abc", "99999"]) {
      const r = await cli("token", "create", "--workspace", slug, "--name", "x", "--expires-in-days", days);
      expect(r.code, days).toBe(EXIT_ERROR);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/--expires-in-days/);
    }
    expect((await cli("token", "create", "--workspace", slug, "--name", "dup")).code).toBe(EXIT_OK);
    const dup = await cli("token", "create", "--workspace", slug, "--name", "dup");
    expect(dup).toMatchObject({ code: EXIT_ERROR, stdout: "" });
    expect(dup.stderr).toMatch(/already exists/);
    const unknown = await cli("token", "create", "--workspace", "no-such-ws", "--name", "x");
    expect(unknown).toMatchObject({ code: EXIT_ERROR, stdout: "" });
    expect(unknown.stderr).toMatch(/No workspace with slug "no-such-ws"/);
    const stray = await cli("token", "create", "--workspace", slug, "--name", "x", "--secret", "y");
    expect(stray.code).toBe(EXIT_ERROR);
    expect(stray.stderr).toMatch(/Unknown option '--secret'/);
  });

  it("token list shows name, prefix, status and dates but never a secret or hash", async () => {
    const slug = await newWorkspace("Lister");
    const secret = (await cli("token", "create", "--workspace", slug, "--name", "primary")).stdout.trim();
    await cli("token", "create", "--workspace", slug, "--name", "old");
    await cli("token", "revoke", "--workspace", slug, "--name", "old");
    const r = await cli("token", "list", "--workspace", slug);
    expect(r.code).toBe(EXIT_OK);
    const [header, ...rows] = r.stdout.trim().split("\n");
    expect(header.split(/\s{2,}/)).toEqual(["NAME", "PREFIX", "STATUS", "CREATED", "LAST USED", "EXPIRES"]);
    expect(rows).toHaveLength(2);
    expect(rows.find((l) => l.startsWith("primary"))).toMatch(/^primary\s+roster_\S{6}…\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+never\s+never$/);
    expect(rows.find((l) => l.startsWith("old"))).toMatch(/\brevoked\b/);
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).not.toContain(secret.slice(0, 20));
    const hashes = await db.prisma.apiToken.findMany({ select: { tokenHash: true } });
    for (const h of hashes) expect(r.stdout).not.toContain(h.tokenHash);
  });

  it("token revoke stops the token from authenticating; revoking twice is an error", async () => {
    const slug = await newWorkspace("Revoker");
    const secret = (await cli("token", "create", "--workspace", slug, "--name", "temp")).stdout.trim();
    expect(await cli("token", "revoke", "--workspace", slug, "--name", "temp")).toEqual({ code: EXIT_OK, stdout: 'Revoked token "temp".\n', stderr: "" });
    expect(await authenticateApiToken(db.prisma, secret)).toEqual({ ok: false, reason: "revoked" });
    const again = await cli("token", "revoke", "--workspace", slug, "--name", "temp");
    expect(again.code).toBe(EXIT_ERROR);
    expect(again.stderr).toMatch(/No live token named "temp"/);
  });

  it("db migrate reports an up-to-date database", async () => {
    const r = await cli("db", "migrate");
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(/up to date/);
  });

  it("--help prints usage on stdout; no command or an unknown one is an error on stderr", async () => {
    expect(await cli("--help")).toEqual({ code: EXIT_OK, stdout: HELP, stderr: "" });
    expect((await cli("token", "create", "--help")).stdout).toBe(HELP);
    // The admin-name options, and how one --admin-name is split, are documented.
    expect(HELP).toMatch(/--admin-given-name GIVEN --admin-family-name FAMILY \| --admin-name "GIVEN FAMILY"/);
    expect(HELP).toMatch(/split at its last word/);
    const none = await cli();
    expect(none).toMatchObject({ code: EXIT_ERROR, stdout: "" });
    const unknown = await cli("token", "explode");
    expect(unknown.code).toBe(EXIT_ERROR);
    expect(unknown.stderr).toMatch(/Unknown command: token explode/);
  });
});

describe("CLI against an embedded database held by another process", () => {
  let holder: ChildProcess;
  afterAll(() => {
    holder?.kill();
  });

  it("prints EmbeddedDatabaseBusyError's message and exits 2", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "roster-busy-"));
    holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    await writeFile(path.join(dir, "roster.pid"), String(holder.pid));
    const stdout = sink();
    const stderr = sink();
    const code = await runCli(["token", "list", "--workspace", "acme"], { stdout, stderr, db: () => openPglite(dir) });
    expect(code).toBe(EXIT_DATABASE_BUSY);
    expect(stdout.text).toBe("");
    expect(stderr.text).toMatch(new RegExp(`in use by another Roster process \\(pid ${holder.pid}\\)`));
  });
});
