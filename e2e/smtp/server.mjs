// The e2e mail sink: an SMTP server the app under test sends to (SMTP_URL), and a small HTTP API
// the Playwright specs read the received messages from. Started by playwright.config.ts as a
// webServer before the app servers.
//
//   SMTP  127.0.0.1:$E2E_SMTP_PORT       (default 2526; no TLS, no auth)
//   HTTP  127.0.0.1:$E2E_SMTP_HTTP_PORT  (default 2527)
//     GET    /health               → 200 "ok"
//     GET    /messages?to=<addr>   → [{ id, envelopeTo, receivedAt, raw }] (oldest first; `to` optional, case-insensitive)
//     DELETE /messages             → forget everything
import http from "node:http";
import { SMTPServer } from "smtp-server";

const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);
const httpPort = Number(process.env.E2E_SMTP_HTTP_PORT ?? 2527);
let messages = [];
let nextId = 1;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  size: 5 * 1024 * 1024,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => {
      messages.push({
        id: nextId++,
        envelopeTo: session.envelope.rcptTo.map((r) => r.address),
        receivedAt: new Date().toISOString(),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback(null);
    });
  },
});

const api = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  const send = (status, body) => {
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  if (url.pathname === "/health") return send(200, "ok");
  if (url.pathname === "/messages" && req.method === "GET") {
    const to = url.searchParams.get("to")?.toLowerCase();
    return send(200, to ? messages.filter((m) => m.envelopeTo.some((a) => a.toLowerCase() === to)) : messages);
  }
  if (url.pathname === "/messages" && req.method === "DELETE") {
    messages = [];
    return send(200, { ok: true });
  }
  return send(404, "not found");
});

smtp.on("error", (error) => console.error(`[e2e smtp] ${error.message}`));
smtp.listen(smtpPort, "127.0.0.1", () => {
  api.listen(httpPort, "127.0.0.1", () => console.log(`[e2e smtp] SMTP on 127.0.0.1:${smtpPort}, messages at http://127.0.0.1:${httpPort}/messages`));
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    api.close();
    smtp.close(() => process.exit(0));
  });
}
