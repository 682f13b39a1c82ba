import { getHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { httpStatus, body } = await getHealth();
  return Response.json(body, { status: httpStatus, headers: { "Cache-Control": "no-store" } });
}
