// Where requireMember() sends someone whose session cookie no longer holds (disabled or deleted):
// delete the cookie, then show the sign-in page with the reason. Harmless to visit otherwise —
// a still-valid session is left alone.
import { cookies } from "next/headers";
import { getCurrentMember, signInUrl } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (await getCurrentMember()) return redirectTo("/");
  const store = await cookies();
  for (const cookie of store.getAll()) {
    if (cookie.name.includes("next-auth.session-token")) {
      // __Secure- cookies can only be replaced by a Secure cookie.
      store.set(cookie.name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: cookie.name.startsWith("__Secure-") });
    }
  }
  const params = new URL(request.url).searchParams;
  const reason = params.get("reason") === "disabled" ? "disabled" : "signed-out";
  const workspace = params.get("workspace");
  return redirectTo(signInUrl(reason, workspace && /^[a-z0-9-]{1,64}$/.test(workspace) ? workspace : null));
}

/** A relative Location: correct behind any proxy, whatever Host the app sees. */
function redirectTo(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
}
