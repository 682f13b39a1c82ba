import { defineConfig } from "vitest/config";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));

// `npm run test:reliability`: the multi-instance checks in reliability/ against production servers
// (needs `npm run build` and PostgreSQL at 127.0.0.1:5432). Kept out of `npm test`: they start
// servers and push thousands of users.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: ["reliability/**/*.test.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    fileParallelism: false,
  },
});
