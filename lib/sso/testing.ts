// Test helpers for lib/sso's *.db.test.ts: a workspace with an admin and a SAML connection.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { uniqueSuffix } from "@/lib/auth/testing";
import { createWorkspace } from "@/lib/workspaces";

export async function workspaceWithConnection(prisma: PrismaClient, options: { certificates?: string[]; jit?: boolean; domains?: string[]; enabled?: boolean } = {}) {
  const suffix = uniqueSuffix();
  const { workspace, admin } = await createWorkspace(prisma, { name: `SSO ${suffix}`, adminEmail: `admin-${suffix}@sso.test`, adminPassword: "correct horse battery" });
  const connection = await prisma.ssoConnection.create({
    data: {
      workspaceId: workspace.id,
      protocol: "SAML",
      displayName: "Test IdP",
      enabled: options.enabled ?? true,
      jitProvisioning: options.jit ?? false,
      domains: options.domains ?? [],
      samlIdpEntityId: "http://idp.test/saml",
      samlSsoUrl: "http://idp.test/saml/sso",
      samlCertificates: options.certificates ?? [],
    },
  });
  return { workspace, admin, connection, suffix };
}
