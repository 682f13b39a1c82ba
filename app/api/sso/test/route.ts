// Settings › SSO "Test connection": admins only. Starts a real round trip to the IdP whose answer
// comes back to Settings › SSO (lib/sso/finish records what came back, or the exact reason).
import { headers } from "next/headers";
import { getCurrentMember } from "@/lib/auth/session";
import { publicOrigin } from "@/lib/public-url";
import { startSsoTest } from "@/lib/sso/app";
import { browserBindingCookie } from "@/lib/sso/browser-binding";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const origin = publicOrigin(await headers());
  const admin = await getCurrentMember();
  if (!admin || admin.role !== "ADMIN") return Response.redirect(new URL("/not-allowed", origin), 303);
  const start = await startSsoTest(admin, origin);
  if (start.kind === "idp") return new Response(null, { status: 303, headers: { Location: start.url, "Set-Cookie": browserBindingCookie(start.browserBinding, origin), "Cache-Control": "no-store" } });
  const back = new URL("/settings/sso", origin);
  back.searchParams.set("test", "unavailable");
  return Response.redirect(back, 303);
}
