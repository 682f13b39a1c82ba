-- Roster initial schema. Hand-written: Prisma Migrate cannot run offline on these machines.
-- Keep in step with prisma/schema.prisma (lib/db/schema-drift.db.test.ts checks tables and columns).

CREATE TYPE "MemberStatus" AS ENUM ('INVITED', 'ACTIVE', 'DISABLED');
CREATE TYPE "MemberRole" AS ENUM ('ADMIN', 'EDITOR', 'VIEWER', 'GUEST');
CREATE TYPE "RecordSource" AS ENUM ('SCIM', 'MANUAL');
CREATE TYPE "ActorKind" AS ENUM ('TOKEN', 'MEMBER', 'SYSTEM');
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'FAILURE');
CREATE TYPE "OutboxStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');

CREATE TABLE "Workspace" (
  "id"          UUID NOT NULL DEFAULT gen_random_uuid(),
  "name"        TEXT NOT NULL,
  "slug"        TEXT NOT NULL,
  "scimEnabled" BOOLEAN NOT NULL DEFAULT true,
  "createdAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Workspace_slug_key" ON "Workspace"("slug");

CREATE TABLE "Member" (
  "id"                 UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId"        UUID NOT NULL,
  "userName"           TEXT NOT NULL,
  "externalId"         TEXT,
  "givenName"          TEXT,
  "familyName"         TEXT,
  "middleName"         TEXT,
  "formattedName"      TEXT,
  "honorificPrefix"    TEXT,
  "honorificSuffix"    TEXT,
  "displayName"        TEXT,
  "nickName"           TEXT,
  "title"              TEXT,
  "userType"           TEXT,
  "preferredLanguage"  TEXT,
  "locale"             TEXT,
  "timezone"           TEXT,
  "emails"             JSONB NOT NULL DEFAULT '[]',
  "active"             BOOLEAN NOT NULL DEFAULT true,
  "status"             "MemberStatus" NOT NULL DEFAULT 'INVITED',
  "role"               "MemberRole" NOT NULL DEFAULT 'VIEWER',
  "employeeNumber"     TEXT,
  "costCenter"         TEXT,
  "organization"       TEXT,
  "division"           TEXT,
  "department"         TEXT,
  "managerValue"       TEXT,
  "managerDisplayName" TEXT,
  "extra"              JSONB NOT NULL DEFAULT '{}',
  "passwordHash"       TEXT,
  "source"             "RecordSource" NOT NULL DEFAULT 'MANUAL',
  "version"            INTEGER NOT NULL DEFAULT 1,
  "activatedAt"        TIMESTAMPTZ(3),
  "lastSignInAt"       TIMESTAMPTZ(3),
  "createdAt"          TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"          TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Member_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Member_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- userName is unique per workspace regardless of case; SCIM lookups use lower("userName") too.
CREATE UNIQUE INDEX "Member_workspaceId_userName_lower_key" ON "Member"("workspaceId", lower("userName"));
CREATE INDEX "Member_workspaceId_externalId_idx" ON "Member"("workspaceId", "externalId");
CREATE INDEX "Member_workspaceId_status_createdAt_idx" ON "Member"("workspaceId", "status", "createdAt");
CREATE INDEX "Member_workspaceId_createdAt_id_idx" ON "Member"("workspaceId", "createdAt", "id");

CREATE TABLE "Group" (
  "id"          UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId" UUID NOT NULL,
  "displayName" TEXT NOT NULL,
  "externalId"  TEXT,
  "extra"       JSONB NOT NULL DEFAULT '{}',
  "source"      "RecordSource" NOT NULL DEFAULT 'SCIM',
  "version"     INTEGER NOT NULL DEFAULT 1,
  "createdAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Group_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Group_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Group_workspaceId_displayName_lower_key" ON "Group"("workspaceId", lower("displayName"));
CREATE INDEX "Group_workspaceId_externalId_idx" ON "Group"("workspaceId", "externalId");
CREATE INDEX "Group_workspaceId_createdAt_id_idx" ON "Group"("workspaceId", "createdAt", "id");

CREATE TABLE "GroupMembership" (
  "groupId"     UUID NOT NULL,
  "memberId"    UUID NOT NULL,
  "workspaceId" UUID NOT NULL,
  "addedAt"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "GroupMembership_pkey" PRIMARY KEY ("groupId", "memberId"),
  CONSTRAINT "GroupMembership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "GroupMembership_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "GroupMembership_memberId_idx" ON "GroupMembership"("memberId");

CREATE TABLE "ApiToken" (
  "id"             UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId"    UUID NOT NULL,
  "name"           TEXT NOT NULL,
  "tokenHash"      TEXT NOT NULL,
  "prefix"         TEXT NOT NULL,
  "createdById"    UUID,
  "createdByLabel" TEXT NOT NULL,
  "createdAt"      TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lastUsedAt"     TIMESTAMPTZ(3),
  "expiresAt"      TIMESTAMPTZ(3),
  "revokedAt"      TIMESTAMPTZ(3),
  CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "ApiToken_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");
CREATE INDEX "ApiToken_workspaceId_createdAt_idx" ON "ApiToken"("workspaceId", "createdAt");
-- A name identifies one live (unrevoked) token per workspace, so `token revoke --name` is unambiguous.
CREATE UNIQUE INDEX "ApiToken_workspaceId_name_live_key" ON "ApiToken"("workspaceId", "name") WHERE "revokedAt" IS NULL;

CREATE TABLE "AuditEvent" (
  "id"          UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId" UUID NOT NULL,
  "actorKind"   "ActorKind" NOT NULL,
  "actorId"     TEXT,
  "actorLabel"  TEXT NOT NULL,
  "action"      TEXT NOT NULL,
  "targetType"  TEXT,
  "targetId"    TEXT,
  "targetLabel" TEXT,
  "outcome"     "AuditOutcome" NOT NULL DEFAULT 'SUCCESS',
  "requestId"   TEXT,
  "details"     JSONB NOT NULL DEFAULT '{}',
  "createdAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "AuditEvent_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "AuditEvent_workspaceId_createdAt_idx" ON "AuditEvent"("workspaceId", "createdAt");
CREATE INDEX "AuditEvent_workspaceId_targetId_createdAt_idx" ON "AuditEvent"("workspaceId", "targetId", "createdAt");

CREATE TABLE "Invitation" (
  "id"          UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId" UUID NOT NULL,
  "memberId"    UUID NOT NULL,
  "tokenHash"   TEXT,
  "invitedBy"   TEXT NOT NULL,
  "expiresAt"   TIMESTAMPTZ(3),
  "acceptedAt"  TIMESTAMPTZ(3),
  "revokedAt"   TIMESTAMPTZ(3),
  "createdAt"   TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "Invitation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "Invitation_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");
CREATE INDEX "Invitation_memberId_idx" ON "Invitation"("memberId");

CREATE TABLE "EmailOutbox" (
  "id"            UUID NOT NULL DEFAULT gen_random_uuid(),
  "workspaceId"   UUID NOT NULL,
  "invitationId"  UUID,
  "kind"          TEXT NOT NULL,
  "toAddress"     TEXT NOT NULL,
  "payload"       JSONB NOT NULL DEFAULT '{}',
  "status"        "OutboxStatus" NOT NULL DEFAULT 'QUEUED',
  "attempts"      INTEGER NOT NULL DEFAULT 0,
  "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "lockedUntil"   TIMESTAMPTZ(3),
  "lastError"     TEXT,
  "sentAt"        TIMESTAMPTZ(3),
  "createdAt"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt"     TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "EmailOutbox_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "EmailOutbox_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "EmailOutbox_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation"("id") ON DELETE SET NULL ON UPDATE CASCADE
);
CREATE INDEX "EmailOutbox_status_nextAttemptAt_idx" ON "EmailOutbox"("status", "nextAttemptAt");
CREATE INDEX "EmailOutbox_workspaceId_createdAt_idx" ON "EmailOutbox"("workspaceId", "createdAt");
