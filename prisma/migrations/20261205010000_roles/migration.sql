-- Permissions (issue 19): a member's role is the highest of what an admin set by hand, what the
-- member's groups grant and what SCIM `roles` sent. "role" stays the column everything reads (the
-- EFFECTIVE role, recomputed by lib/lifecycle/roles.ts in the transaction of every change that can
-- move it); the inputs get their own columns.

-- The role set by hand (invitation, Members › member › Role). Every existing role was set by hand.
ALTER TABLE "Member" ADD COLUMN "manualRole" "MemberRole" NOT NULL DEFAULT 'VIEWER';
-- The highest role named by the member's SCIM `roles` values (case-insensitive); NULL when none names one.
ALTER TABLE "Member" ADD COLUMN "scimRole" "MemberRole";
-- "Members of this group get role X" (at most one role per group).
ALTER TABLE "Group" ADD COLUMN "grantsRole" "MemberRole";

UPDATE "Member" SET "manualRole" = "role";

-- SCIM roles were stored (in "extra".roles) but granted nothing: record what they name, so the
-- effective role is the same function of its inputs for every row. The enum's declaration order
-- (ADMIN first) makes min() the most powerful.
UPDATE "Member" m SET "scimRole" = r."role"
FROM (
  SELECT m2."id", min(upper(v."value" ->> 'value')::"MemberRole") AS "role"
  FROM "Member" m2, jsonb_array_elements(CASE WHEN jsonb_typeof(m2."extra" -> 'roles') = 'array' THEN m2."extra" -> 'roles' ELSE '[]'::jsonb END) AS v("value")
  WHERE upper(v."value" ->> 'value') IN ('ADMIN', 'EDITOR', 'VIEWER', 'GUEST')
  GROUP BY m2."id"
) r
WHERE m."id" = r."id";

-- A role that now counts changes the effective role: recorded like every other change of it.
WITH "changed" AS (
  UPDATE "Member" m SET "role" = LEAST(m."manualRole", m."scimRole"), "version" = m."version" + 1, "updatedAt" = now()
  WHERE m."scimRole" IS NOT NULL AND LEAST(m."manualRole", m."scimRole") <> m."role"
  RETURNING m."id", m."workspaceId", m."userName", m."manualRole" AS "from", m."role" AS "to"
)
INSERT INTO "AuditEvent" ("workspaceId", "actorKind", "actorLabel", "action", "targetType", "targetId", "targetLabel", "details")
SELECT "workspaceId", 'SYSTEM', 'migration 20261205010000_roles', 'member.role_changed', 'Member', "id"::text, "userName",
       jsonb_build_object('from', "from", 'to', "to", 'cause', jsonb_build_object('kind', 'scim', 'detail', 'SCIM roles stored before roles counted'))
FROM "changed";

-- The Members page's role filter (lib/members/list-members.ts): a rare role (a few Admins among
-- 100,000 members) is found by this index instead of a walk of a whole status.
CREATE INDEX "Member_workspaceId_role_status_idx" ON "Member" ("workspaceId", "role", "status");
-- Members of the groups that grant a role (a member's effective role reads them).
CREATE INDEX "Group_workspaceId_grantsRole_idx" ON "Group" ("workspaceId") WHERE "grantsRole" IS NOT NULL;
