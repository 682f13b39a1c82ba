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
  // Static files (not seen by proxy.ts) get the headers that do not depend on the request; pages,
  // Next.js API routes and SCIM get them, with CSP and HSTS, from lib/security/headers.ts.
  async headers() {
    return [
      {
        source: "/_next/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "no-referrer" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
