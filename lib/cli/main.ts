// Entry point: `npm run --silent cli -- <command>` or `roster <command>` (bin/roster.mjs).
import { runCli } from "./run-cli";

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
    // Everything is closed by now; don't let a stray handle keep the process alive.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`roster: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
