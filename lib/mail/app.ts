// Settings → Email data for the page, on the process database.
import { getPrisma } from "@/lib/db";
import { listOutbox, type OutboxEntry } from "./outbox-list";
import { publicBaseUrl } from "./base-url";
import { DEFAULT_POLICY } from "./outbox-worker";
import { transportFromEnv } from "./transport";
import { getEnv } from "@/lib/env";

export interface EmailOverview {
  mode: "smtp" | "log";
  /** Where mail goes, without credentials. */
  destination: string;
  from: string;
  linkBase: string;
  publicUrlSet: boolean;
  maxAttempts: number;
  entries: OutboxEntry[];
}

export async function emailOverview(workspaceId: string): Promise<EmailOverview> {
  const env = getEnv();
  const transport = transportFromEnv();
  transport.close();
  return {
    mode: transport.kind,
    destination: transport.description,
    from: env.MAIL_FROM,
    linkBase: publicBaseUrl(),
    publicUrlSet: Boolean(env.PUBLIC_URL),
    maxAttempts: DEFAULT_POLICY.maxAttempts,
    entries: await listOutbox(await getPrisma(), workspaceId),
  };
}
