// Security headers for every response: pages (through proxy.ts, with a per-request CSP nonce),
// Next.js API routes, and the SCIM API (lib/scim-http/handle.ts, which `npm start` serves outside
// Next.js). One pure function per kind of response, so a test can read exactly what is sent.

export interface HeaderContext {
  /** Served over https (the request, or PUBLIC_URL behind a TLS-terminating proxy): adds HSTS. */
  https: boolean;
}

// A year, without includeSubDomains or preload: a self-hosted app must not decide for the
// other hosts of its customer's domain.
const HSTS = "max-age=31536000";

/** What every response carries, whatever it is. */
export function baseSecurityHeaders({ https }: HeaderContext): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    // Invitation links carry their secret in the path: never send any URL on as a Referer.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/**
 * The CSP of an HTML page. Scripts need this request's nonce ('strict-dynamic' lets Next.js's
 * nonce'd loader bring in its chunks); styles come from the compiled Tailwind file, and
 * 'unsafe-inline' covers the style attributes React and Next.js set (a nonce cannot).
 */
export function pageContentSecurityPolicy({ nonce, https, development = false }: HeaderContext & { nonce: string; development?: boolean }): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Headers of an HTML page (and of Next.js API routes, which share the proxy). */
export function pageSecurityHeaders(context: HeaderContext & { nonce: string; development?: boolean }): Record<string, string> {
  return { ...baseSecurityHeaders(context), "Content-Security-Policy": pageContentSecurityPolicy(context) };
}

/** Headers of a JSON API response (SCIM): nothing in it may load or run, and nobody may frame it. */
export function apiSecurityHeaders(context: HeaderContext): Record<string, string> {
  return { ...baseSecurityHeaders(context), "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'" };
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** https when the request came in over TLS, or the configured public URL is https (TLS ends at a proxy). */
export function servedOverHttps(requestUrl: string, publicUrl: string | undefined): boolean {
  return requestUrl.startsWith("https:") || Boolean(publicUrl?.startsWith("https:"));
}
