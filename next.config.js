// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite (WASM Postgres), argon2 (native) and pg must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "nodemailer"],
  poweredByHeader: false,
  // IdPs are configured with the base URL ".../api/v2/scim/" and some keep the slash
  // (".../scim/Users/"): a 308 redirect breaks their POST/PATCH, so the SCIM router ignores it.
  skipTrailingSlashRedirect: true,
  reactStrictMode: true,
};

module.exports = nextConfig;
