// SCIM 2.0 API (RFC 7644) for Okta, Microsoft Entra ID and other provisioning clients.
// All protocol work happens in lib/scim-http (framework-free); this file only adapts Next.js.
import { handleScimHttpRequest } from "@/lib/scim-http/handle";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handle = (request: Request): Promise<Response> => handleScimHttpRequest(request);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
// Not SCIM verbs: answered with a 405 SCIM error (Next.js would otherwise answer HEAD from GET).
export const HEAD = handle;
export const OPTIONS = handle;
