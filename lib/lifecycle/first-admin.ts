// A new workspace's first admin: the one member nobody invites. Created ACTIVE with the password
// chosen at setup (browser or CLI), in the workspace's own transaction, so a workspace never
// exists without a way in.
import { Prisma } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
import type { RawSql } from "@/lib/db/raw-sql";

export interface FirstAdminInput {
  workspaceId: string;
  email: string;
  /** Name columns as the caller derived them (lib/members/person-name). */
  name?: { givenName: string; familyName: string; formattedName: string; displayName: string };
  passwordHash: string;
}

export interface FirstAdmin {
  id: string;
  workspaceId: string;
  userName: string;
  givenName: string | null;
  familyName: string | null;
  formattedName: string | null;
  displayName: string | null;
  role: MemberRole;
  /** The role set by hand; the effective `role` is the highest of it and any IdP grant (lib/permissions). */
  manualRole: MemberRole;
  status: MemberStatus;
  source: RecordSource;
  passwordHash: string;
  activatedAt: Date;
}

/** Inserts the first admin; the caller's `workspace.created` audit event names them. */
export async function createFirstAdmin(tx: RawSql, input: FirstAdminInput, now = new Date()): Promise<FirstAdmin> {
  const emails = JSON.stringify([{ value: input.email, type: "work", primary: true }]);
  const [admin] = await tx.$queryRaw<FirstAdmin[]>(Prisma.sql`
    INSERT INTO "Member" ("workspaceId", "userName", "givenName", "familyName", "formattedName", "displayName",
      "emails", "status", "role", "manualRole", "source", "passwordHash", "activatedAt", "updatedAt")
    VALUES (${input.workspaceId}::uuid, ${input.email}, ${input.name?.givenName ?? null}, ${input.name?.familyName ?? null},
      ${input.name?.formattedName ?? null}, ${input.name?.displayName ?? null}, ${emails}::jsonb,
      'ACTIVE', 'ADMIN', 'ADMIN', 'MANUAL', ${input.passwordHash}, ${now}::timestamptz, ${now}::timestamptz)
    RETURNING "id"::text AS "id", "workspaceId"::text AS "workspaceId", "userName", "givenName", "familyName",
      "formattedName", "displayName", "role", "manualRole", "status", "source", "passwordHash", "activatedAt"`);
  return admin;
}
