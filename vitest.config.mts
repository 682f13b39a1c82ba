import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

// One suite, two engines: `npm test` runs every test on the embedded PGlite engine;
// with TEST_DATABASE_URL set (e.g. postgres://postgres@127.0.0.1:5432/postgres) the *.db.test.ts
// files run against PostgreSQL instead, each file in a fresh database of its own.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "components/**/*.test.ts", "bench/**/*.test.ts", "dev-idp/**/*.test.ts"],
    exclude: ["node_modules", ".next", "e2e"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One migrated embedded database per run, loaded by every test file (lib/db/testing.ts).
    globalSetup: ["lib/db/testing-template.ts"],
    coverage: {
      provider: "v8",
      include: ["lib/**/*.ts"],
      exclude: ["lib/generated/**", "**/*.test.ts"],
      reporter: ["text-summary", "text"],
    },
  },
});
