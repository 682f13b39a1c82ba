-- Indexes for the admin UI's lists (lib/members, lib/audit/query.ts). Indexes only: no table or
-- column changes, so prisma/schema.prisma is unchanged.
--
-- Members are sorted and prefix-searched on lower-cased keys with COLLATE "C" (byte order): the
-- same order on every server locale and on PGlite, and a plain btree on a "C" expression serves
-- both ORDER BY ... COLLATE "C" and LIKE 'prefix%' (no text_pattern_ops needed). The expressions
-- must stay byte-for-byte identical to lib/members/sql.ts or the planner will not use them.

-- The name shown in lists: displayName, else "givenName familyName", else userName.
CREATE INDEX "Member_ws_status_nameKey_idx" ON "Member" (
  "workspaceId", "status",
  (lower(COALESCE(NULLIF(btrim("displayName"), ''), NULLIF(btrim(COALESCE("givenName", '') || ' ' || COALESCE("familyName", '')), ''), "userName")) COLLATE "C"),
  "id"
);
CREATE INDEX "Member_ws_nameKey_idx" ON "Member" (
  "workspaceId",
  (lower(COALESCE(NULLIF(btrim("displayName"), ''), NULLIF(btrim(COALESCE("givenName", '') || ' ' || COALESCE("familyName", '')), ''), "userName")) COLLATE "C"),
  "id"
);
-- Email (userName) sort and prefix search.
CREATE INDEX "Member_ws_status_userName_c_idx" ON "Member" ("workspaceId", "status", (lower("userName") COLLATE "C"));
CREATE INDEX "Member_ws_userName_c_idx" ON "Member" ("workspaceId", (lower("userName") COLLATE "C"));
-- Family-name prefix search ("lovelace" finds Ada Lovelace).
CREATE INDEX "Member_ws_familyName_c_idx" ON "Member" ("workspaceId", (lower("familyName") COLLATE "C"));
-- Last sign-in sort (most recent first, never-signed-in last).
CREATE INDEX "Member_ws_status_lastSignIn_idx" ON "Member" ("workspaceId", "status", "lastSignInAt" DESC NULLS LAST, "id" DESC);
CREATE INDEX "Member_ws_lastSignIn_idx" ON "Member" ("workspaceId", "lastSignInAt" DESC NULLS LAST, "id" DESC);

-- Groups tab, sorted by name.
CREATE INDEX "Group_ws_displayName_c_idx" ON "Group" ("workspaceId", (lower("displayName") COLLATE "C"), "id");

-- Activity filters (newest first). Failures are rare, so a partial index stays small.
CREATE INDEX "AuditEvent_ws_action_createdAt_idx" ON "AuditEvent" ("workspaceId", "action", "createdAt");
CREATE INDEX "AuditEvent_ws_actorKind_createdAt_idx" ON "AuditEvent" ("workspaceId", "actorKind", "createdAt");
CREATE INDEX "AuditEvent_ws_failures_createdAt_idx" ON "AuditEvent" ("workspaceId", "createdAt") WHERE "outcome" = 'FAILURE';
