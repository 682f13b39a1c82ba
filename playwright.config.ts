// End-to-end tests against the PRODUCTION build (`npm start`: .next/roster-server.mjs), once per database engine:
//   project "pglite"   → http://localhost:3100, embedded database in a fresh temp DATA_DIR
//   project "postgres" → http://localhost:3101, a fresh PostgreSQL database roster_e2e_<run id>
// Each starts on an EMPTY instance: the "<engine>:first-run" setup project goes through /setup
// once (creating the E2E workspace and admin, see e2e/fixtures.ts), and every other spec depends
// on it. Tests tagged @exclusive ({ tag: "@exclusive" }) run in "<engine>:exclusive", after all others. Chromium comes from Debian (`apt-get install -y chromium`) or CHROMIUM_PATH.
// `npm run test:e2e` builds first; set E2E_SKIP_BUILD=1 to reuse an existing build (CI does).
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { e2eRun } from "./e2e/support/run";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The production server, started with `npm start` itself (Next.js + the direct SCIM path, lib/server;
// its node flags, e.g. the heap limit, come from package.json).
const SERVER = "npm run --silent start";
const MAIL_SINK = "e2e/smtp/server.mjs";
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
const SMTP_HTTP_PORT = Number(process.env.E2E_SMTP_HTTP_PORT ?? 2527);
const hasMailSink = existsSync(MAIL_SINK);

const engines: { name: "pglite" | "postgres"; port: number; env: Record<string, string>; command: string; metadata: Record<string, string> }[] = [
  {
    name: "pglite",
    port: e2eRun.ports.pglite,
    env: { DATA_DIR: e2eRun.pgliteDataDir, DATABASE_URL: "", PORT: String(e2eRun.ports.pglite) },
    command: SERVER,
    metadata: { engine: "pglite", dataDir: e2eRun.pgliteDataDir },
  },
  {
    name: "postgres",
    port: e2eRun.ports.postgres,
    env: { DATABASE_URL: e2eRun.postgresUrl, PORT: String(e2eRun.ports.postgres) },
    command: `node e2e/support/create-database.mjs && ${SERVER}`,
    metadata: { engine: "postgres", databaseUrl: e2eRun.postgresUrl },
  },
];

const baseURL = (port: number) => `http://localhost:${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    ...devices["Desktop Chrome"],
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: engines.flatMap((engine) => [
    {
      name: `${engine.name}:first-run`,
      testMatch: /.*\.setup\.ts/,
      metadata: engine.metadata,
      use: { baseURL: baseURL(engine.port) },
    },
    {
      name: engine.name,
      testMatch: /.*\.spec\.ts/,
      grepInvert: /@exclusive/,
      dependencies: [`${engine.name}:first-run`],
      metadata: engine.metadata,
      use: { baseURL: baseURL(engine.port) },
    },
    {
      // Tests tagged @exclusive change workspace-wide state (e.g. switching SCIM off): they run
      // after every other test on that engine, so nothing else sees the change.
      name: `${engine.name}:exclusive`,
      testMatch: /.*\.spec\.ts/,
      grep: /@exclusive/,
      dependencies: [engine.name],
      metadata: engine.metadata,
      use: { baseURL: baseURL(engine.port) },
    },
  ]),
  webServer: [
    ...(hasMailSink
      ? [
          {
            command: `node ${MAIL_SINK}`,
            url: `http://127.0.0.1:${SMTP_HTTP_PORT}/health`,
            env: { E2E_SMTP_PORT: String(SMTP_PORT), E2E_SMTP_HTTP_PORT: String(SMTP_HTTP_PORT) },
            reuseExistingServer: false,
            timeout: 30_000,
            stdout: "ignore" as const,
            stderr: "pipe" as const,
          },
        ]
      : []),
    ...engines.map((engine) => ({
      command: engine.command,
      // Ready when the database is open and migrated (the health check answers 503 until then).
      url: `http://127.0.0.1:${engine.port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe" as const,
      stderr: "pipe" as const,
      env: <Record<string, string>>{
        ...engine.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXTAUTH_SECRET: e2eRun.sessionSecret,
        PUBLIC_URL: baseURL(engine.port),
        // The SSO specs' dev IdP is an http://127.0.0.1 OpenID provider; production refuses that otherwise.
        SSO_OIDC_ALLOW_HTTP_LOCALHOST: "on",
        ...(hasMailSink ? { SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}` } : {}),
      },
    })),
  ],
});
