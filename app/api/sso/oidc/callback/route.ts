// The OpenID Connect redirect URI, the same for every workspace: the IdP sends the browser back
// here with code + state (or an error). lib/sso/oidc checks it and says where the browser goes
// next: the one-time sign-in code page, Settings › SSO (Test connection) or the refusal page.
import { NextResponse, type NextRequest } from "next/server";
import { publicOrigin } from "@/lib/public-url";
import { handleOidcCallback } from "@/lib/sso/oidc";
import { browserBindingFromCookieHeader } from "@/lib/sso/browser-binding";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const origin = publicOrigin(request.headers);
  // A top-level GET from the IdP: the SameSite=Lax binding cookie set at the start comes along.
  const binding = browserBindingFromCookieHeader(request.headers.get("cookie"), origin);
  const { redirectTo } = await handleOidcCallback(request.nextUrl.searchParams, request.headers.get("x-request-id"), binding);
  // 303: the browser follows with a GET; the code and state stay out of the next page's Referer.
  const response = NextResponse.redirect(new URL(redirectTo, origin), 303);
  response.headers.set("referrer-policy", "no-referrer");
  response.headers.set("cache-control", "no-store");
  return response;
}
