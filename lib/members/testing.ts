// Seeding helpers for lib/members tests (and the admin action tests). Writes rows directly —
// no password hashing — so tests stay fast on both engines.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";

export async function seedWorkspace(prisma: PrismaClient, name = "Acme") {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomUUID().slice(0, 8)}`;
  const workspace = await prisma.workspace.create({ data: { name, slug } });
  const admin = await seedMember(prisma, workspace.id, { userName: `admin@${slug}.test`, displayName: "Ada Admin", role: "ADMIN", status: "ACTIVE" });
  return { workspace, admin };
}

export interface SeedMemberInput {
  userName: string;
  displayName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  status?: MemberStatus;
  role?: MemberRole;
  source?: RecordSource;
  lastSignInAt?: Date | null;
  createdAt?: Date;
  emails?: { value: string; primary?: boolean; type?: string }[];
}

export async function seedMember(prisma: PrismaClient, workspaceId: string, input: SeedMemberInput) {
  const status = input.status ?? "INVITED";
  const signedIn = status === "ACTIVE" ? (input.lastSignInAt ?? new Date()) : (input.lastSignInAt ?? null);
  return prisma.member.create({
    data: {
      workspaceId,
      userName: input.userName,
      displayName: input.displayName ?? null,
      givenName: input.givenName ?? null,
      familyName: input.familyName ?? null,
      emails: input.emails ?? [{ value: input.userName, primary: true, type: "work" }],
      status,
      active: status !== "DISABLED",
      role: input.role ?? "VIEWER",
      manualRole: input.role ?? "VIEWER",
      source: input.source ?? (status === "INVITED" ? "SCIM" : "MANUAL"),
      activatedAt: status === "ACTIVE" ? signedIn : null,
      lastSignInAt: signedIn,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    },
  });
}

export async function seedGroup(prisma: PrismaClient, workspaceId: string, displayName: string, memberIds: string[] = []) {
  const group = await prisma.group.create({ data: { workspaceId, displayName, source: "SCIM" } });
  if (memberIds.length) {
    await prisma.groupMembership.createMany({ data: memberIds.map((memberId) => ({ groupId: group.id, memberId, workspaceId })) });
  }
  return group;
}

/** A submitted form, as a server action receives it. */
export function formData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}
