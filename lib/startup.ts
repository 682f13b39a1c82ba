// Server start-up checks (called from instrumentation.ts).
import { getSessionSecret } from "@/lib/auth/secret";
import { getDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";

/** A configuration problem that must stop the server, or null. */
export function checkStartupConfiguration(): string | null {
  try {
    getEnv();
    getSessionSecret();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Settings that work on a laptop but are wrong on a server: not fatal (a first look at a fresh
 * install must still start), but said loudly at start instead of discovered in a user's inbox.
 */
export function startupWarnings(nodeEnv = process.env.NODE_ENV): string[] {
  if (nodeEnv !== "production") return [];
  const env = getEnv();
  const warnings: string[] = [];
  if (!env.PUBLIC_URL) warnings.push("PUBLIC_URL is not set: invitation links will point at http://localhost:3000. Set it to the URL people use to reach Roster.");
  if (!env.SMTP_URL) warnings.push("SMTP_URL is not set: invitation emails are only written to this log and listed on Settings › Email, not delivered.");
  return warnings;
}

/** Open and migrate the database now rather than on the first request; failures are retried per request. */
export function warmUpDatabase(): void {
  getDatabase().then(
    (db) => console.log(`[roster] database ready (${db.kind})`),
    (error: Error) => console.error(`[roster] database not available yet: ${error.message}`),
  );
}

/** Called once per server process: exit on a configuration problem, else warm the database up. */
export function startServer(): void {
  const problem = checkStartupConfiguration();
  if (problem) {
    console.error(`\n[roster] Cannot start: ${problem}\n`);
    process.exit(1);
  }
  for (const warning of startupWarnings()) console.warn(`[roster] Warning: ${warning}`);
  warmUpDatabase();
}
