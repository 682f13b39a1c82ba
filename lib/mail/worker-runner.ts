// Runs the outbox worker inside the Next.js server process (started from instrumentation.ts):
// one tick every few seconds, never two ticks at once, on an unref'd timer so it never keeps a
// process alive. Kept on globalThis so `next dev` module reloads do not start a second one.
import { getDatabase } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { deliverDueEmails, type DeliveryReport } from "./outbox-worker";
import { transportFromEnv, type MailTransport } from "./transport";

export const WORKER_INTERVAL_MS = 3_000;

interface RunningWorker {
  stop(): void;
  /** Runs a tick now (after the current one, if any) — e.g. right after queueing an email. */
  kick(): void;
}

const holder = globalThis as typeof globalThis & { __rosterEmailWorker?: RunningWorker };

export function startEmailWorker(intervalMs = WORKER_INTERVAL_MS): RunningWorker {
  if (holder.__rosterEmailWorker) return holder.__rosterEmailWorker;
  let transport: MailTransport;
  try {
    transport = transportFromEnv();
  } catch (error) {
    console.error(`[roster] email worker not started: ${(error as Error).message}`);
    return (holder.__rosterEmailWorker = { stop() {}, kick() {} });
  }
  const env = getEnv();
  if (transport.kind === "log") {
    console.log("[roster] SMTP_URL is not set: invitation emails are written to this log and shown on Settings → Email.");
  } else {
    console.log(`[roster] email worker sending through ${transport.description}`);
  }
  if (!env.PUBLIC_URL && process.env.NODE_ENV === "production") {
    console.warn("[roster] PUBLIC_URL is not set: invitation links will point at http://localhost:3000. Set PUBLIC_URL to Roster's public address.");
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;
  let again = false;

  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delay);
    timer.unref();
  };
  const tick = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        const report: DeliveryReport = await deliverDueEmails((await getDatabase()).sql, transport, new Date());
        if (report.claimed > 0) {
          console.log(`[roster] email worker: ${report.sent} sent, ${report.retrying} to retry, ${report.failed} failed`);
        }
      } catch (error) {
        // Database not ready yet, or gone for a moment: try again next tick.
        console.error(`[roster] email worker: ${(error as Error).message}`);
      }
    })().finally(() => {
      running = null;
      schedule(again ? 0 : intervalMs);
      again = false;
    });
  };

  schedule(Math.min(intervalMs, 1_000));
  return (holder.__rosterEmailWorker = {
    stop() {
      stopped = true;
      clearTimeout(timer);
      transport.close();
      holder.__rosterEmailWorker = undefined;
    },
    kick() {
      schedule(0);
    },
  });
}

/** Asks the running worker (if any) to deliver now rather than at its next tick. */
export function kickEmailWorker(): void {
  holder.__rosterEmailWorker?.kick();
}
