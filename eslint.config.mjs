// ESLint 9 flat config: Next.js's rules (eslint-config-next 16 exports flat-config arrays) plus the
// architecture's import boundaries, enforced rather than hoped for:
//  - lib/scim is the pure SCIM protocol: no framework, no React, no Prisma, no database, nothing
//    from the rest of the app (only its own files and npm libraries such as zod);
//  - app/ and components/ never touch the Prisma client or lib/db: they call domain modules
//    (their *.test.ts files may, to open and inject a test database).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const SCIM_MESSAGE = "lib/scim is the framework-free SCIM protocol layer: it may only import its own files and plain npm libraries.";
const UI_MESSAGE = "app/ and components/ go through domain modules (lib/<domain>), never the Prisma client or lib/db.";

/** no-restricted-imports for lib/scim files `depth` folders below lib/scim (0 = lib/scim/*.ts). */
function scimBoundary(depth) {
  const up = "../".repeat(depth + 1);
  return {
    paths: [
      { name: "next", message: SCIM_MESSAGE },
      { name: "react", message: SCIM_MESSAGE },
      { name: "react-dom", message: SCIM_MESSAGE },
    ],
    patterns: [
      { group: ["next/*", "react/*", "react-dom/*", "@prisma/*", "server-only"], message: SCIM_MESSAGE },
      // Any "@/..." alias except "@/lib/scim/..." (covers @/lib/db*, @/lib/generated/*, @/app, @/components).
      { regex: "^@/(?!lib/scim(/|$))", message: SCIM_MESSAGE },
      // A relative path that climbs out of lib/scim from this depth.
      { regex: `^(\\.\\./){${depth + 1},}`, message: `${SCIM_MESSAGE} (${up}… leaves lib/scim)` },
    ],
  };
}

const uiBoundary = {
  patterns: [
    { group: ["@prisma/*", "@/lib/generated/*", "@/lib/db", "@/lib/db/*"], message: UI_MESSAGE },
    { regex: "^\\.\\.?/(.*/)?lib/(db|generated)(/|$)", message: UI_MESSAGE },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "node_modules/**",
    "lib/generated/**",
    "coverage/**",
    "test-results/**",
    "playwright-report/**",
    "bench/results/**",
    ".data/**",
    "next-env.d.ts",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  // Playwright fixtures call their callback `use(...)`, which is not React's use().
  { files: ["e2e/**/*.ts", "playwright.config.ts"], rules: { "react-hooks/rules-of-hooks": "off" } },
  { files: ["lib/scim/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", scimBoundary(0)] } },
  { files: ["lib/scim/*/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", scimBoundary(1)] } },
  { files: ["lib/scim/*/*/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", scimBoundary(2)] } },
  { files: ["lib/scim/*/*/*/**/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", scimBoundary(3)] } },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    // Tests beside pages and actions may open a test database (lib/db/testing) and inject it.
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", uiBoundary] },
  },
]);
