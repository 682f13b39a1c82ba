// Prisma CLI configuration. These machines cannot download Prisma's native schema engine;
// pointing the engine variable at /bin/false makes `prisma generate` use the WASM bits bundled
// with the CLI instead (see ../shared/STACK-NOTES.md). Migrations are plain SQL applied by lib/db/migrate.ts.
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "/bin/false";
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
});
