// Server start-up checks (called from instrumentation.ts).
import { getSessionSecret } from "@/lib/auth/secret";
import { getDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { publicUrlProblem } from "@/lib/public-url";
import { mailConfigurationProblem } from "@/lib/mail/transport";

/** A configuration problem that must stop the server, or null. */
export function checkStartupConfiguration(): string | null {
  try {
    const env = getEnv();
    getSessionSecret();
    return publicUrlProblem() ?? mailConfigurationProblem(env, process.env.NODE_ENV === "production");
  } catch (error) {
    return (error as Error).message;
  }
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
  warmUpDatabase();
}
