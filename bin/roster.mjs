#!/usr/bin/env node
// `roster <command>`: runs lib/cli/main.ts through tsx (a dev dependency of this checkout), from
// the project root so the migrations, tsconfig paths and the default DATA_DIR (./.data) resolve the
// same way as for the server. An absolute DATA_DIR works from anywhere.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

let tsxCli;
try {
  tsxCli = require.resolve("tsx/cli");
} catch {
  console.error("roster: tsx is not installed. Run `npm install` in " + root + " first.");
  process.exit(1);
}

const env = { ...process.env };
// A relative DATA_DIR means relative to where the command was typed.
if (env.DATA_DIR && !path.isAbsolute(env.DATA_DIR)) env.DATA_DIR = path.resolve(process.cwd(), env.DATA_DIR);

const child = spawn(process.execPath, [tsxCli, path.join(root, "lib", "cli", "main.ts"), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
