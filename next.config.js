// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite (WASM Postgres), argon2 (native) and pg must load from node_modules at run time, not be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg", "nodemailer"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
