// Where to go after signing in: a path on this app, anything else lands on "/" (an open redirect
// through ?callbackUrl= would help phishing). Browsers are lenient where string checks are not —
// they drop tabs and newlines inside URLs and read "\" as "/", so `/<tab>/evil.example` becomes
// `//evil.example` — so the value is resolved with the URL parser against the app's origin, and
// what is returned is the parser's own path, never the raw input.
const PLACEHOLDER_ORIGIN = "http://roster.invalid";

// Control characters (C0 and DEL) and backslashes, raw or percent-encoded, anywhere.
const SUSPICIOUS = /[\u0000-\u001f\u007f\\]|%(?:[01][0-9a-f]|7f|5c)/i;

export function safeCallbackPath(url: string | null | undefined, baseUrl = ""): string {
  if (!url || SUSPICIOUS.test(url)) return "/";
  let origin: string;
  try {
    origin = new URL(baseUrl || PLACEHOLDER_ORIGIN).origin;
  } catch {
    return "/";
  }
  // Only an absolute URL on the app's own origin, or a path (not `//host`, not `members`).
  const isPath = url.startsWith("/") && !url.startsWith("//");
  if (!isPath && !(baseUrl && (url === baseUrl || url.startsWith(`${baseUrl}/`)))) return "/";
  let resolved: URL;
  try {
    resolved = new URL(url, origin);
  } catch {
    return "/";
  }
  if (resolved.origin !== origin || resolved.username || resolved.password) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // `/.//evil.example` resolves to the path `//evil.example`, which a browser reads as another host.
  return path.startsWith("//") ? "/" : path;
}
