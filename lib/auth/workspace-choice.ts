// Which workspace a sign-in is for, when the person did not say: only ever unambiguous.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** The slug of the instance's only workspace; null when there are none or several. */
export async function defaultWorkspaceSlug(prisma: PrismaClient): Promise<string | null> {
  const two = await prisma.workspace.findMany({ select: { slug: true }, take: 2, orderBy: { createdAt: "asc" } });
  return two.length === 1 ? two[0].slug : null;
}
