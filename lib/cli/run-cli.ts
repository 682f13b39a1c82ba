// Roster's operator CLI as a plain function: runCli(argv, io) → exit code. lib/cli/main.ts wires
// it to the real process; tests call it directly with a test database and string sinks.
//
// Exit codes: 0 ok · 1 error (bad usage, not found, invalid input) · 2 embedded database busy.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { z } from "zod";
import type { Actor } from "@/lib/audit";
import { EmbeddedDatabaseBusyError, openConfiguredDatabase, type Database } from "@/lib/db";
import { personNameSchema, splitFullName, type PersonName } from "@/lib/members/person-name";
import { createApiToken, listApiTokens, revokeApiToken, TokenNameTakenError } from "@/lib/tokens";
import { createWorkspace, findWorkspaceBySlug, WorkspaceInputError } from "@/lib/workspaces";
import { formatTable } from "./table";

export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** The database to use (tests), or how to open one. Default: the configured one (DATABASE_URL or DATA_DIR), migrated. */
  db?: Database | (() => Promise<Database>);
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DATABASE_BUSY = 2;

const CLI_ACTOR: Actor = { kind: "SYSTEM", label: "cli" };

export const HELP = `Usage: roster <command> [options]

Commands:
  workspace create --name NAME --admin-email EMAIL --admin-password PASS
                   (--admin-given-name GIVEN --admin-family-name FAMILY | --admin-name "GIVEN FAMILY")
                         Create a workspace and its first admin; prints the workspace slug.
                         --admin-name is split at its last word: "Ada King Lovelace" is given
                         name "Ada King", family name "Lovelace".
  workspace list         List workspaces (slug and name).
  token create --workspace SLUG --name NAME [--expires-in-days N]
                         Create a SCIM/API bearer token; prints ONLY the token (shown once).
  token list --workspace SLUG
                         List a workspace's tokens (never their secrets).
  token revoke --workspace SLUG --name NAME
                         Revoke the live token with that name.
  db migrate             Apply pending database migrations.

Options:
  -h, --help             Show this help.

The database is PostgreSQL when DATABASE_URL is set, else the embedded one in DATA_DIR (default ./.data).
Exit codes: 0 ok, 1 error, 2 the embedded database is in use by a running Roster server.
`;

class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;
const str = { type: "string" } as const;

interface Command {
  options: Options;
  schema: z.ZodType;
  run(db: Database, values: never, io: CliIo): Promise<number>;
}

const slug = z.string({ error: "--workspace is required" }).trim().min(1, "--workspace is required");
const tokenName = z.string({ error: "--name is required" }).trim().min(1, "--name is required").max(100, "--name is too long");

/** The first admin's name: both parts, or one --admin-name split at its last word. */
const adminNameOptions = z
  .object({
    "admin-given-name": z.string().optional(),
    "admin-family-name": z.string().optional(),
    "admin-name": z.string().optional(),
  })
  .transform((v, context): { adminName: PersonName } => {
    const fail = (message: string) => {
      context.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    const byParts = v["admin-given-name"] !== undefined || v["admin-family-name"] !== undefined;
    if (byParts && v["admin-name"] !== undefined) return fail("use either --admin-name or --admin-given-name with --admin-family-name, not both");
    if (!byParts && v["admin-name"] === undefined) return fail('the admin\'s name is required: --admin-given-name and --admin-family-name, or --admin-name "Given Family"');
    const name = byParts
      ? { givenName: v["admin-given-name"] ?? "", familyName: v["admin-family-name"] ?? "" }
      : splitFullName(v["admin-name"]!);
    if (!name) return fail('--admin-name needs a given and a family name, e.g. "Ada Lovelace" (or use --admin-given-name and --admin-family-name)');
    const checked = personNameSchema.safeParse(name);
    if (!checked.success) return fail(checked.error.issues.map((issue) => `--admin-${issue.path[0] === "givenName" ? "given" : "family"}-name: ${issue.message}`).join("; "));
    return { adminName: checked.data };
  });

const COMMANDS: Record<string, Command> = {
  "workspace create": {
    options: { name: str, "admin-email": str, "admin-password": str, "admin-given-name": str, "admin-family-name": str, "admin-name": str },
    schema: z
      .object({
        name: z.string({ error: "--name is required" }).trim().min(1, "--name is required"),
        "admin-email": z.string({ error: "--admin-email is required" }),
        "admin-password": z.string({ error: "--admin-password is required" }),
      })
      .and(adminNameOptions),
    async run(db, v: { name: string; "admin-email": string; "admin-password": string; adminName: PersonName }, io) {
      const { workspace } = await createWorkspace(db.prisma, {
        name: v.name,
        adminEmail: v["admin-email"],
        adminPassword: v["admin-password"],
        adminName: v.adminName,
        actorLabel: "cli",
      });
      io.stdout.write(`${workspace.slug}\n`);
      return EXIT_OK;
    },
  },
  "workspace list": {
    options: {},
    schema: z.object({}),
    async run(db, _v: never, io) {
      const rows = await db.prisma.workspace.findMany({ orderBy: { createdAt: "asc" }, select: { slug: true, name: true } });
      io.stdout.write(formatTable(["SLUG", "NAME"], rows.map((w) => [w.slug, w.name])));
      return EXIT_OK;
    },
  },
  "token create": {
    options: { workspace: str, name: str, "expires-in-days": str },
    schema: z.object({
      workspace: slug,
      name: tokenName,
      "expires-in-days": z.coerce
        .number({ error: "--expires-in-days must be a whole number of days" })
        .int("--expires-in-days must be a whole number of days")
        .min(1, "--expires-in-days must be at least 1")
        .max(3650, "--expires-in-days must be at most 3650")
        .optional(),
    }),
    async run(db, v: { workspace: string; name: string; "expires-in-days"?: number }, io) {
      const workspace = await requireWorkspace(db, v.workspace);
      const token = await createApiToken(db.prisma, {
        workspaceId: workspace.id,
        name: v.name,
        expiresInDays: v["expires-in-days"],
        actor: CLI_ACTOR,
      });
      // Only the secret on stdout, so `TOKEN=$(roster token create …)` just works.
      io.stdout.write(`${token.secret}\n`);
      return EXIT_OK;
    },
  },
  "token list": {
    options: { workspace: str },
    schema: z.object({ workspace: slug }),
    async run(db, v: { workspace: string }, io) {
      const workspace = await requireWorkspace(db, v.workspace);
      const tokens = await listApiTokens(db.prisma, workspace.id);
      io.stdout.write(
        formatTable(
          ["NAME", "PREFIX", "STATUS", "CREATED", "LAST USED", "EXPIRES"],
          tokens.map((t) => [t.name, `${t.prefix}…`, t.status, when(t.createdAt), when(t.lastUsedAt, "never"), when(t.expiresAt, "never")]),
        ),
      );
      return EXIT_OK;
    },
  },
  "token revoke": {
    options: { workspace: str, name: str },
    schema: z.object({ workspace: slug, name: tokenName }),
    async run(db, v: { workspace: string; name: string }, io) {
      const workspace = await requireWorkspace(db, v.workspace);
      const revoked = await revokeApiToken(db.prisma, { workspaceId: workspace.id, name: v.name, actor: CLI_ACTOR });
      if (!revoked) throw new CliError(`No live token named "${v.name}" in workspace "${workspace.slug}".`);
      io.stdout.write(`Revoked token "${v.name}".\n`);
      return EXIT_OK;
    },
  },
  "db migrate": {
    options: {},
    schema: z.object({}),
    async run(db, _v: never, io) {
      const result = await db.migrate();
      io.stdout.write(
        result.applied.length
          ? `Applied ${result.applied.length} migration(s):\n${result.applied.map((n) => `  ${n}\n`).join("")}`
          : `Database is up to date (${result.alreadyApplied.length} migration(s) applied earlier).\n`,
      );
      return EXIT_OK;
    },
  },
};

function when(date: Date | null, none = "-"): string {
  return date ? date.toISOString().slice(0, 16).replace("T", " ") : none;
}

async function requireWorkspace(db: Database, workspaceSlug: string) {
  const workspace = await findWorkspaceBySlug(db.prisma, workspaceSlug.toLowerCase());
  if (!workspace) throw new CliError(`No workspace with slug "${workspaceSlug}". See \`roster workspace list\`.`);
  return workspace;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === "-h" || argv[0] === "--help" || argv[0] === "help") {
    (argv.length === 0 ? io.stderr : io.stdout).write(HELP);
    return argv.length === 0 ? EXIT_ERROR : EXIT_OK;
  }
  const key = `${argv[0]} ${argv[1] ?? ""}`.trim();
  const command = COMMANDS[key];
  if (!command) {
    io.stderr.write(`Unknown command: ${argv.slice(0, 2).join(" ")}\n\n${HELP}`);
    return EXIT_ERROR;
  }
  let values: unknown;
  try {
    const parsed = parseArgs({
      args: argv.slice(2),
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    });
    if (parsed.values.help) {
      io.stdout.write(HELP);
      return EXIT_OK;
    }
    const { help: _help, ...rest } = parsed.values;
    const checked = command.schema.safeParse(rest);
    if (!checked.success) throw new CliError(checked.error.issues.map((i) => i.message).join("; "));
    values = checked.data;
  } catch (error) {
    io.stderr.write(`roster ${key}: ${(error as Error).message}\nRun \`roster --help\` for usage.\n`);
    return EXIT_ERROR;
  }

  let db: Database | undefined;
  const owned = typeof io.db !== "object";
  try {
    db = await openDatabase(io.db, key !== "db migrate");
    return await command.run(db, values as never, io);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError || (error as Error).name === "EmbeddedDatabaseBusyError") {
      io.stderr.write(`${(error as Error).message}\n`);
      return EXIT_DATABASE_BUSY;
    }
    if (error instanceof CliError || error instanceof WorkspaceInputError || error instanceof TokenNameTakenError) {
      io.stderr.write(`roster ${key}: ${error.message}\n`);
      return EXIT_ERROR;
    }
    io.stderr.write(`roster ${key} failed: ${(error as Error).message}\n`);
    return EXIT_ERROR;
  } finally {
    if (db && owned) await db.close().catch(() => {});
  }
}

async function openDatabase(given: CliIo["db"], migrate: boolean): Promise<Database> {
  if (given && typeof given === "object") return given;
  const db = await (given ?? openConfiguredDatabase)();
  if (migrate) {
    try {
      await db.migrate();
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
  }
  return db;
}
