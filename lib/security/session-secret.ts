// The session (JWT) signing secret. NEXTAUTH_SECRET wins. Without it:
//  - on PostgreSQL (DATABASE_URL) we refuse to start: several instances may serve the same users
//    and must all sign and verify with one shared secret, which we cannot invent per instance;
//  - on the embedded engine there is exactly one process, so we generate a secret once and keep
//    it beside the data (DATA_DIR/session-secret, mode 600) so `npm run dev` needs no setup and
//    sessions survive restarts.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv, type Env } from "@/lib/env";

export class MissingSessionSecretError extends Error {
  constructor() {
    super(
      "NEXTAUTH_SECRET is not set. It is required when DATABASE_URL is set, because every Roster instance " +
        "sharing the database must sign sessions with the same secret. Generate one with " +
        "`openssl rand -base64 32` and give the same value to every instance.",
    );
    this.name = "MissingSessionSecretError";
  }
}

export const SESSION_SECRET_FILE = "session-secret";

export function resolveSessionSecret(env: Pick<Env, "NEXTAUTH_SECRET" | "DATABASE_URL" | "DATA_DIR">): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  if (env.DATABASE_URL) throw new MissingSessionSecretError();
  return readOrCreateSecretFile(path.join(env.DATA_DIR, SESSION_SECRET_FILE));
}

function readOrCreateSecretFile(file: string): string {
  const existing = readSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": never overwrite a secret another start wrote in the meantime.
    writeFileSync(file, randomBytes(32).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  chmodSync(file, 0o600);
  const created = readSecret(file);
  if (!created) throw new Error(`Could not read the session secret in ${file}`);
  return created;
}

function readSecret(file: string): string | null {
  try {
    const value = readFileSync(file, "utf8").trim();
    return value.length >= 32 ? value : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

let cached: string | undefined;

/** The process's session secret (see above); throws MissingSessionSecretError on PostgreSQL without one. */
export function getSessionSecret(): string {
  cached ??= resolveSessionSecret(getEnv());
  return cached;
}
