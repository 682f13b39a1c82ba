// A minimal MIME reader for tests (vitest and the e2e SMTP sink): enough for what nodemailer
// writes — headers (folded, RFC 2047 encoded words), nested multipart, quoted-printable and
// base64 bodies in UTF-8. Not a general-purpose parser.

export interface ParsedMail {
  headers: Record<string, string>;
  subject: string;
  from: string;
  to: string;
  text: string | null;
  html: string | null;
}

interface Part {
  headers: Record<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const normalized = raw.replace(/\r\n/g, "\n");
  const end = normalized.indexOf("\n\n");
  const head = end === -1 ? normalized : normalized.slice(0, end);
  const body = end === -1 ? "" : normalized.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  const match = header?.match(new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, "i"));
  return match ? (match[1] ?? match[2]) : undefined;
}

export function decodeQuotedPrintable(input: string): string {
  const softBreaksRemoved = input.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const c = softBreaksRemoved[i];
    if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(softBreaksRemoved.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(softBreaksRemoved.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function decodeBody(part: Part): string {
  const encoding = (part.headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  if (encoding === "base64") return Buffer.from(part.body.replace(/\s+/g, ""), "base64").toString("utf8");
  return part.body;
}

/** =?UTF-8?Q?…?= and =?UTF-8?B?…?= words in a header value. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQuotedPrintable(text.replace(/_/g, " ")),
    );
}

function collect(part: Part, out: { text: string | null; html: string | null }): void {
  const type = part.headers["content-type"] ?? "text/plain";
  const mediaType = type.split(";")[0].trim().toLowerCase();
  if (mediaType.startsWith("multipart/")) {
    const boundary = param(type, "boundary");
    if (!boundary) return;
    const sections = part.body.split(`--${boundary}`);
    // sections[0] is the preamble; the last one starts with "--" (the closing delimiter).
    for (const section of sections.slice(1)) {
      if (section.startsWith("--")) break;
      collect(splitPart(section.replace(/^\n/, "")), out);
    }
    return;
  }
  if (mediaType === "text/plain" && out.text === null) out.text = decodeBody(part);
  else if (mediaType === "text/html" && out.html === null) out.html = decodeBody(part);
}

export function parseMail(raw: string | Buffer): ParsedMail {
  const top = splitPart(typeof raw === "string" ? raw : raw.toString("utf8"));
  const out = { text: null as string | null, html: null as string | null };
  collect(top, out);
  const h = (name: string) => decodeHeader(top.headers[name] ?? "");
  return { headers: top.headers, subject: h("subject"), from: h("from"), to: h("to"), text: out.text, html: out.html };
}

/** The invitation link in a message's plain-text part. */
export function findInvitationLink(mail: Pick<ParsedMail, "text">): string | null {
  return mail.text?.match(/https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+/)?.[0] ?? null;
}

/** The secret at the end of an invitation link. */
export function secretOfLink(link: string): string {
  return new URL(link).pathname.split("/").pop() ?? "";
}
