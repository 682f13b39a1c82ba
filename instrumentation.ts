// Runs once when the server starts (next start / next dev), never during `next build`.
// Fails fast on bad configuration (e.g. DATABASE_URL without NEXTAUTH_SECRET) instead of
// failing on the first sign-in, then opens and migrates the database in the background.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    startServer();
  }
}
