// Where to go after signing in: same-origin relative paths only, anything else lands on "/"
// (an open redirect through ?callbackUrl= would help phishing).
export function safeCallbackPath(url: string | null | undefined, baseUrl = ""): string {
  if (!url) return "/";
  let candidate = url;
  if (baseUrl && (candidate === baseUrl || candidate.startsWith(`${baseUrl}/`))) candidate = candidate.slice(baseUrl.length) || "/";
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  return candidate;
}
