// How email leaves Roster: SMTP through nodemailer when SMTP_URL is set; otherwise the "log"
// transport, which writes each message to the server log (the development experience; the
// outbox page then also shows the message, see outbox-worker.ts).
import nodemailer from "nodemailer";
import { getEnv, type Env } from "@/lib/env";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId?: string;
  /** The server's reply to DATA, e.g. "250 OK: queued as …". */
  response?: string;
}

export interface MailTransport {
  kind: "smtp" | "log";
  /** For people: where mail goes, never credentials ("smtp://mail.example.com:587", "server log"). */
  description: string;
  send(message: OutgoingEmail): Promise<SendResult>;
  close(): void;
}

// Bounded waits: a hung SMTP server must fail an attempt well within the worker's lease.
const SMTP_DEFAULTS: Record<string, number> = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/** smtp://user:pass@host:port or smtps://…; query parameters are nodemailer SMTP options. */
export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  const url = new URL(smtpUrl);
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new Error("SMTP_URL must start with smtp:// or smtps://");
  for (const [key, value] of Object.entries(SMTP_DEFAULTS)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  const transporter = nodemailer.createTransport(url.toString(), { from });
  return {
    kind: "smtp",
    description: `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ""}`,
    async send(message) {
      const info = await transporter.sendMail({
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      });
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transporter.close(),
  };
}

export type LogWriter = (line: string) => void;

export function createLogTransport(from: string, write: LogWriter = (line) => console.log(line)): MailTransport {
  return {
    kind: "log",
    description: "server log (SMTP_URL is not set)",
    async send(message) {
      write(
        [
          "[roster] email (SMTP_URL not set, so it is logged instead of sent) ----------------",
          `From: ${from}`,
          `To: ${message.to}`,
          `Subject: ${message.subject}`,
          "",
          message.text,
          "--------------------------------------------------------------------------------",
        ].join("\n"),
      );
      return {};
    },
    close: () => {},
  };
}

/** The transport the configuration asks for (MAIL_TRANSPORT=log wins, else SMTP when SMTP_URL is set). */
export function transportFromEnv(): MailTransport {
  const env = getEnv();
  return env.SMTP_URL && env.MAIL_TRANSPORT !== "log" ? createSmtpTransport(env.SMTP_URL, env.MAIL_FROM) : createLogTransport(env.MAIL_FROM);
}

/**
 * Why this mail configuration must not start, or null. The log transport writes working
 * invitation links to stdout, where log shippers keep them: fine on a developer's machine, but a
 * production server uses it only when the operator says so (MAIL_TRANSPORT=log).
 */
export function mailConfigurationProblem(env: Pick<Env, "SMTP_URL" | "MAIL_TRANSPORT">, production: boolean): string | null {
  if (env.MAIL_TRANSPORT === "smtp" && !env.SMTP_URL) return "MAIL_TRANSPORT=smtp needs SMTP_URL.";
  if (production && !env.SMTP_URL && env.MAIL_TRANSPORT !== "log") {
    return "SMTP_URL is not set. In production Roster sends invitation emails over SMTP; to write them (links included) to the server log instead, set MAIL_TRANSPORT=log.";
  }
  return null;
}
