// node:http ↔ the framework-free SCIM handler. The production server (./main.ts) answers
// /api/v2/scim/* with this instead of going through Next.js: the handler is the same one the
// route handler (app/api/v2/scim/[[...path]]/route.ts, used by `next dev`) calls, but skipping
// Next's per-request routing and rendering machinery more than doubles SCIM throughput
// (numbers in the performance issue note).
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { handleScimHttpRequest, SCIM_BASE_PATH } from "@/lib/scim-http/handle";

/** Is this request for the SCIM API (`/api/v2/scim`, `/api/v2/scim/…`, with or without a query)? */
export function isScimPath(url: string | undefined): boolean {
  if (!url || !url.startsWith(SCIM_BASE_PATH)) return false;
  const next = url.charAt(SCIM_BASE_PATH.length);
  return next === "" || next === "/" || next === "?";
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(",")[0]?.trim();

/** The Fetch Request for an incoming message; the origin honours X-Forwarded-Proto/-Host like Next.js. */
export function toFetchRequest(req: IncomingMessage): Request {
  const proto = first(req.headers["x-forwarded-proto"]) || "http";
  const host = first(req.headers["x-forwarded-host"]) || req.headers.host || "localhost";
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(`${proto}://${host}${req.url ?? "/"}`, {
    method,
    headers,
    // Streamed, so the handler's size limit applies while reading (nothing is buffered first).
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

export async function serveScim(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let response: Response;
  try {
    response = await handleScimHttpRequest(toFetchRequest(req));
  } catch (error) {
    // handleScimHttpRequest answers every error itself; this is only a broken request object.
    console.error("scim: could not serve request", (error as Error).message);
    if (!res.headersSent) res.writeHead(400).end();
    return;
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body) headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}
