// Test helpers for anything that needs signed-in people: members with a password, in a given
// state, without going through SCIM or invitations. Used by *.db.test.ts and the e2e fixtures.
import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus } from "@/lib/generated/prisma/enums";
import { hashPassword } from "./password";

export { runWithSession } from "./session-override";

export const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;

export async function addMember(
  prisma: PrismaClient,
  input: {
    workspaceId: string;
    email: string;
    password?: string | null;
    status?: MemberStatus;
    role?: MemberRole;
    displayName?: string | null;
  },
) {
  const status = input.status ?? "ACTIVE";
  return prisma.member.create({
    data: {
      workspaceId: input.workspaceId,
      userName: input.email,
      displayName: input.displayName ?? null,
      emails: [{ value: input.email, type: "work", primary: true }],
      status,
      active: status !== "DISABLED",
      role: input.role ?? "VIEWER",
      manualRole: input.role ?? "VIEWER",
      passwordHash: input.password ? await hashPassword(input.password) : null,
      activatedAt: status === "ACTIVE" ? new Date() : null,
    },
  });
}
