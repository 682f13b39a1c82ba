// Runs once when the server starts (next start / next dev), never during `next build`.
// Fails fast on bad configuration (e.g. DATABASE_URL without NEXTAUTH_SECRET) instead of
// failing on the first sign-in, then opens and migrates the database in the background,
// and starts the email outbox worker (lib/mail/worker-runner.ts; guarded against double start).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/startup");
    startServer();
    const { startEmailWorker } = await import("./lib/mail/worker-runner");
    startEmailWorker();
  }
}
