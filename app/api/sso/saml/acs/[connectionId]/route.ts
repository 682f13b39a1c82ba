// The SAML assertion consumer service of one connection (HTTP-POST binding). The IdP's page posts
// the form here (SP- or IdP-initiated); lib/sso/saml/acs decides, and the browser is sent on:
// to the page that opens the session, or to the refusal page.
import { headers } from "next/headers";
import { publicOrigin } from "@/lib/public-url";
import { handleSamlAcs } from "@/lib/sso/app";
import { browserBindingCookie } from "@/lib/sso/browser-binding";

export const dynamic = "force-dynamic";

const MAX_RESPONSE_CHARS = 512 * 1024;

export async function POST(request: Request, { params }: { params: Promise<{ connectionId: string }> }): Promise<Response> {
  const { connectionId } = await params;
  const origin = publicOrigin(await headers());
  let samlResponse: unknown = null;
  try {
    samlResponse = (await request.formData()).get("SAMLResponse");
  } catch {
    // Not a form: handled below as a missing response.
  }
  if (typeof samlResponse !== "string" || samlResponse.length === 0 || samlResponse.length > MAX_RESPONSE_CHARS) {
    return new Response("Expected a form field SAMLResponse (HTTP-POST binding).", { status: 400 });
  }
  const result = await handleSamlAcs(connectionId, samlResponse, origin);
  if (!result) return new Response("No SAML connection here.", { status: 404 });
  const location = new URL(result.redirectTo, origin).href;
  // IdP-initiated: the one-time code is bound to this browser (lib/sso/browser-binding).
  if (result.browserBinding) {
    return new Response(null, { status: 303, headers: { Location: location, "Set-Cookie": browserBindingCookie(result.browserBinding, origin), "Cache-Control": "no-store" } });
  }
  return Response.redirect(location, 303);
}
