// node:http ↔ the framework-free SCIM handler. The production server (./main.ts) answers
// /api/v2/scim/* with this instead of going through Next.js: the handler is the same one the
// route handler (app/api/v2/scim/[[...path]]/route.ts, used by `next dev`) calls, but skipping
// Next's per-request routing and rendering machinery more than doubles SCIM throughput, and
// handing it the node:http message directly (no Fetch Request/Response) saves more (numbers in
// the performance issue note).
import type { IncomingMessage, ServerResponse } from "node:http";
import { getEnv } from "@/lib/env";
import { requestOrigin } from "@/lib/public-url";
import { answerScimRequest, SCIM_BASE_PATH, type ScimHttpRequest } from "@/lib/scim-http/handle";

/** Is this request for the SCIM API (`/api/v2/scim`, `/api/v2/scim/…`, with or without a query)? */
export function isScimPath(url: string | undefined): boolean {
  if (!url || !url.startsWith(SCIM_BASE_PATH)) return false;
  const next = url.charAt(SCIM_BASE_PATH.length);
  return next === "" || next === "/" || next === "?";
}

/**
 * The handler's view of an incoming message. Its origin (used for Location only when no public URL
 * is configured, i.e. in development) honours X-Forwarded-Proto/-Host only with TRUST_PROXY.
 */
export function toScimHttpRequest(req: IncomingMessage): ScimHttpRequest {
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  const headers: ScimHttpRequest["headers"] = {
    get(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
  return {
    method,
    url: `${requestOrigin(headers, getEnv().TRUST_PROXY > 0, "http")}${req.url ?? "/"}`,
    headers,
    // Streamed, so the size limit applies while reading; stopping early must not destroy the
    // socket, which still has to carry the 413.
    body: hasBody ? req.iterator({ destroyOnReturn: false }) : null,
  };
}

export async function serveScim(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let answer;
  try {
    answer = await answerScimRequest(toScimHttpRequest(req));
  } catch (error) {
    // answerScimRequest answers every error itself; this is only a broken request object.
    console.error("scim: could not serve request", (error as Error).message);
    if (!res.headersSent) res.writeHead(400).end();
    return;
  }
  const headers = answer.headers;
  const parts = answer.body === null ? [] : typeof answer.body === "string" ? [answer.body] : answer.body;
  if (answer.body !== null) headers["Content-Length"] = String(parts.reduce((bytes, part) => bytes + Buffer.byteLength(part), 0));
  // A body left unread (refused as too large, or never needed) is not drained: close instead.
  if (!req.complete) headers.Connection = "close";
  res.writeHead(answer.status, headers);
  // Part by part: a big group's member list goes out without first being joined into one string.
  for (const part of parts) res.write(part);
  res.end();
}
