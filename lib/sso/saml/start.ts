// SP-initiated SAML: an AuthnRequest (HTTP-Redirect binding) whose id is stored as a pending
// request, so the ACS — on any instance — accepts only an answer to a request Roster sent.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createPendingRequest, newRequestId, type SsoPurpose } from "../pending-requests";
import { serviceProvider, type SamlConnection } from "./service-provider";

export async function startSamlSignIn(
  prisma: PrismaClient,
  connection: SamlConnection & { workspaceId: string },
  input: { origin: string; purpose: SsoPurpose; memberId?: string | null; callbackPath?: string | null; clockSkewSeconds: number; bindingHash?: string | null },
): Promise<string> {
  const id = newRequestId();
  await createPendingRequest(prisma, {
    id,
    workspaceId: connection.workspaceId,
    connectionId: connection.id,
    purpose: input.purpose,
    memberId: input.memberId ?? null,
    data: input.callbackPath ? { callbackPath: input.callbackPath } : {},
    bindingHash: input.bindingHash ?? null,
  });
  return serviceProvider(connection, input.origin, { clockSkewSeconds: input.clockSkewSeconds, requestId: id }).getAuthorizeUrlAsync("", undefined, {});
}
