-- Every member write maintains every index on "Member" (there were 12). The admin lists sorted by
-- name and by last sign-in had two copies of each sort index: one per status (the status filter)
-- and one without status (the "all statuses" list). The "all" list is now the UNION ALL of the
-- three per-status lists (lib/members/list-members.ts), which PostgreSQL answers by merging the
-- three per-status index walks (Merge Append), so the status-less copies go: two fewer index
-- entries per member insert and per update of a name or sign-in time.
-- Kept: "Member_ws_userName_c_idx" also serves SCIM filters on userName (sw, gt, ge, lt, le) in
-- byte order, which carry no status.
DROP INDEX "Member_ws_nameKey_idx";
DROP INDEX "Member_ws_lastSignIn_idx";
