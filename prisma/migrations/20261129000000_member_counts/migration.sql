-- Members per workspace, kept by triggers on "Member", so the total of an unfiltered SCIM /Users
-- list (identity providers page through the whole directory, 100 at a time) is a read of a few
-- rows instead of COUNT(*) over every member on every page.
--
-- Sharded: each database connection adds to its own row (pg_backend_pid() % 16), so concurrent
-- creates do not queue on one counter row; the total is the sum of a workspace's rows. The rows
-- are written in the same statement as the members, so the sum is exactly what a transaction
-- can see (READ COMMITTED, like everything in Roster).
--
-- No foreign key to "Workspace": deleting a workspace cascades to its members, whose delete
-- trigger writes here — a cascade on this table as well would race it. A deleted workspace
-- leaves rows that sum to 0.
CREATE TABLE "MemberCount" (
  "workspaceId" UUID NOT NULL,
  "shard"       SMALLINT NOT NULL,
  "members"     BIGINT NOT NULL,
  CONSTRAINT "MemberCount_pkey" PRIMARY KEY ("workspaceId", "shard")
);

-- Statement-level with transition tables: a bulk insert of 100,000 members is one upsert per
-- workspace, not 100,000.
CREATE FUNCTION "roster_member_count_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- "changed_rows" holds the inserted rows, or the deleted ones (see the two triggers below).
  INSERT INTO "MemberCount" ("workspaceId", "shard", "members")
  SELECT "workspaceId", (pg_backend_pid() % 16)::smallint, CASE TG_OP WHEN 'INSERT' THEN count(*) ELSE -count(*) END
  FROM "changed_rows" GROUP BY "workspaceId"
  ON CONFLICT ("workspaceId", "shard") DO UPDATE SET "members" = "MemberCount"."members" + EXCLUDED."members";
  RETURN NULL;
END $$;

CREATE TRIGGER "Member_count_insert" AFTER INSERT ON "Member"
  REFERENCING NEW TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "roster_member_count_add"();
CREATE TRIGGER "Member_count_delete" AFTER DELETE ON "Member"
  REFERENCING OLD TABLE AS "changed_rows" FOR EACH STATEMENT EXECUTE FUNCTION "roster_member_count_add"();

CREATE FUNCTION "roster_member_count_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "MemberCount";
  RETURN NULL;
END $$;
CREATE TRIGGER "Member_count_truncate" AFTER TRUNCATE ON "Member" FOR EACH STATEMENT EXECUTE FUNCTION "roster_member_count_truncate"();

-- A member never moves between workspaces; refusing it keeps the counts right without an UPDATE
-- trigger on every member write.
CREATE FUNCTION "roster_member_workspace_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a member cannot move to another workspace' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER "Member_workspace_fixed" BEFORE UPDATE OF "workspaceId" ON "Member"
  FOR EACH ROW WHEN (OLD."workspaceId" IS DISTINCT FROM NEW."workspaceId") EXECUTE FUNCTION "roster_member_workspace_fixed"();

INSERT INTO "MemberCount" ("workspaceId", "shard", "members")
SELECT "workspaceId", 0, count(*) FROM "Member" GROUP BY "workspaceId";
