// Reading a request body without ever holding more than the limit: a declared Content-Length
// over the limit is refused before reading, and the stream is counted as it arrives (a client
// can lie about or omit Content-Length, e.g. with chunked transfer encoding).
import { ScimError } from "@/lib/scim/errors";
import { checkJsonDepth } from "@/lib/scim/json-input";

export const tooLarge = (limit: number) =>
  new ScimError(413, undefined, `The request body exceeds the maximum of ${limit} bytes (SCIM_MAX_BODY_BYTES).`);

/** Header lookup by lower-case name: a Fetch `Headers`, or an adapter over node:http's. */
export interface HeaderSource {
  get(name: string): string | null;
}

/** A request body as it arrives; ends early (return()) without tearing down the connection. */
export type BodyChunks = AsyncIterable<Uint8Array>;

/** 413 when the declared Content-Length is over the limit; nothing is read. */
export function checkDeclaredLength(headers: HeaderSource, limit: number): void {
  const declared = headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * The client went away while sending its body (connection reset, aborted upload). Not a server
 * fault and not a database outage: nobody is left to read the answer, so it is logged quietly.
 */
export class RequestBodyAbortedError extends Error {
  constructor(cause: unknown) {
    super("The client closed the connection before the request body was received.", { cause });
    this.name = "RequestBodyAbortedError";
  }
}

export interface RawBody {
  text: string;
  bytes: number;
}

/** The body as UTF-8 text, at most `limit` bytes (413 beyond, the rest left unread). */
export async function readBodyWithLimit(request: { headers: HeaderSource; body: BodyChunks | null }, limit: number): Promise<RawBody> {
  checkDeclaredLength(request.headers, limit);
  if (!request.body) return { text: "", bytes: 0 };
  const chunks = request.body[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await chunks.next();
    } catch (error) {
      throw new RequestBodyAbortedError(error);
    }
    if (next.done) break;
    bytes += next.value.byteLength;
    if (bytes > limit) {
      await chunks.return?.()?.catch(() => {});
      throw tooLarge(limit);
    }
    parts.push(next.value);
  }
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of parts) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(joined);
  } catch {
    throw new ScimError(400, "invalidSyntax", "The request body is not valid UTF-8.");
  }
  return { text, bytes };
}

/**
 * JSON.parse → 400 invalidSyntax on malformed or too deeply nested input; an empty body is
 * `undefined`. The error names the position only: V8's own message quotes the body, which may
 * hold a password, and the detail ends up in the audit log.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  checkJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new ScimError(400, "invalidSyntax", `The request body is not valid JSON${position === undefined ? "" : ` (at position ${position})`}.`);
  }
}

const ACCEPTED_MEDIA_TYPES = new Set(["application/scim+json", "application/json"]);

/** RFC 7644 §3.1: application/scim+json; application/json is accepted too (± parameters such as charset). */
export function checkContentType(headers: HeaderSource): void {
  const header = headers.get("content-type");
  if (header === null || header.trim() === "") return; // Some clients omit it; the body must still be JSON.
  const [mediaType, ...parameters] = header.split(";").map((part) => part.trim().toLowerCase());
  if (!ACCEPTED_MEDIA_TYPES.has(mediaType)) {
    throw new ScimError(415, "invalidSyntax", `Unsupported Content-Type '${mediaType}'; use application/scim+json.`);
  }
  const charset = parameters.find((parameter) => parameter.startsWith("charset="));
  if (charset && !/^charset="?utf-?8"?$/.test(charset)) {
    throw new ScimError(415, "invalidSyntax", "Only the UTF-8 charset is supported.");
  }
}

/** A Fetch body stream as chunks; stopping early cancels the stream. */
export async function* webStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}
