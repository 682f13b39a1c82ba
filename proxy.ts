// Next.js 16 proxy (formerly middleware): a fresh CSP nonce and the security headers for every
// page and Next.js API route. Next.js reads the nonce from the request's Content-Security-Policy
// header and puts it on its own scripts, which is why every page renders dynamically (app/layout.tsx).
// The SCIM API is not matched: it sets its own headers (lib/scim-http/handle.ts), on this path and
// on the direct one `npm start` uses.
import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { newNonce, pageSecurityHeaders, servedOverHttps } from "@/lib/security/headers";

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = pageSecurityHeaders({
    nonce,
    https: servedOverHttps(request.url, getEnv().PUBLIC_URL),
    development: process.env.NODE_ENV === "development",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the SCIM API and static files (those get the static headers of next.config.js).
  matcher: ["/((?!api/v2/scim|_next/static|_next/image|favicon.ico).*)"],
};
