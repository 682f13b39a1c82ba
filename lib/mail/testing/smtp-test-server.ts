// A real SMTP server inside the test process (the smtp-server package) on 127.0.0.1, which keeps
// every message it accepts. It can be stopped and started again on the same port (SMTP "down"),
// made to reject messages with a given reply code, and slowed down (for concurrency tests).
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { parseMail, type ParsedMail } from "./mime";

export interface ReceivedMail extends ParsedMail {
  envelopeTo: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Reply to DATA with this code (e.g. 451 temporary, 550 permanent) until cleared (null). */
  rejectWith: number | null;
  /** Milliseconds to wait before accepting each message. */
  delayMs: number;
  /** Stop listening: connections are refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  let server: SMTPServer | null = null;
  let port = 0;
  const state: TestSmtpServer = {
    port: 0,
    url: "",
    messages: [],
    rejectWith: null,
    delayMs: 0,
    async stop() {
      const current = server;
      server = null;
      if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    async start() {
      if (server) return;
      server = create();
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, "127.0.0.1", () => resolve());
      });
      port = (s.server.address() as AddressInfo).port;
      state.port = port;
      state.url = `smtp://127.0.0.1:${port}`;
    },
    async close() {
      await state.stop();
    },
  };

  function create(): SMTPServer {
    return new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData(stream: SMTPServerDataStream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          setTimeout(() => {
            if (state.rejectWith !== null) {
              const error = Object.assign(new Error(`Rejected by the test server (${state.rejectWith})`), { responseCode: state.rejectWith });
              callback(error);
              return;
            }
            const raw = Buffer.concat(chunks).toString("utf8");
            state.messages.push({ ...parseMail(raw), raw, envelopeTo: session.envelope.rcptTo.map((r) => r.address) });
            callback(null);
          }, state.delayMs);
        });
      },
    });
  }

  await state.start();
  return state;
}
