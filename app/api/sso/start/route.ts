// Starting an SSO sign-in: GET /api/sso/start?email=… (email-first) or ?workspace=<slug>
// (/sign-in/<slug>), with an optional callbackUrl. Redirects to the IdP, or back to the sign-in
// page's password step. A navigation, not a form post: the pages' CSP (form-action 'self') would
// stop a form whose answer redirects to another origin.
import { headers } from "next/headers";
import { z } from "zod";
import { publicOrigin } from "@/lib/public-url";
import { startSsoForEmail, startSsoForWorkspace } from "@/lib/sso/app";
import { browserBindingCookie } from "@/lib/sso/browser-binding";
import { SSO_AMBIGUOUS_ERROR } from "@/lib/auth/messages";

export const dynamic = "force-dynamic";

const query = z.object({
  email: z.string().trim().max(320).optional(),
  workspace: z.string().trim().max(100).optional(),
  callbackUrl: z.string().max(2000).optional(),
});

export async function GET(request: Request): Promise<Response> {
  const origin = publicOrigin(await headers());
  const url = new URL(request.url);
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  const back = new URL("/sign-in", origin);
  if (!parsed.success || (!parsed.data.email && !parsed.data.workspace)) return Response.redirect(back, 303);
  const { email, workspace, callbackUrl } = parsed.data;
  const callbackPath = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : null;
  const start = email ? await startSsoForEmail(email, { origin, callbackPath }) : await startSsoForWorkspace(workspace!, { origin, callbackPath });
  // The sign-in is bound to this browser (lib/sso/browser-binding): finished anywhere else, it is refused.
  if (start.kind === "idp") return new Response(null, { status: 303, headers: { Location: start.url, "Set-Cookie": browserBindingCookie(start.browserBinding, origin), "Cache-Control": "no-store" } });
  if (email) back.searchParams.set("email", email);
  if (workspace) back.searchParams.set("workspace", workspace);
  if (callbackPath) back.searchParams.set("callbackUrl", callbackPath);
  // Several workspaces' IdPs and no domain claim: say how to get there, naming none.
  if (start.kind === "ambiguous") {
    back.searchParams.set("error", SSO_AMBIGUOUS_ERROR);
    return Response.redirect(back, 303);
  }
  back.searchParams.set("step", "password");
  if (start.kind === "unavailable") back.searchParams.set("error", "SsoUnavailable");
  return Response.redirect(back, 303);
}
