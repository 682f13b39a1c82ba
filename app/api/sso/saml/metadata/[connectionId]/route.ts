// The service provider's SAML metadata for one connection: entity ID, ACS URL, NameID format.
// IdPs (Entra ID, Okta) can read it from this URL instead of having the values typed in.
import { headers } from "next/headers";
import { publicOrigin } from "@/lib/public-url";
import { samlServiceProviderMetadata } from "@/lib/sso/app";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ connectionId: string }> }): Promise<Response> {
  const { connectionId } = await params;
  const xml = await samlServiceProviderMetadata(connectionId, publicOrigin(await headers()));
  if (!xml) return new Response("No SAML connection here.", { status: 404 });
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "no-store" } });
}
