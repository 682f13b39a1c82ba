-- Revocable sessions. A session is a signed JWT that carries the member's session generation as
-- it was at sign-in; every request compares it with this column. Bumping it — sign-out, "sign out
-- everywhere", deactivation, a new password, losing the Admin role — ends every session issued
-- before, on every instance, on its next request.
ALTER TABLE "Member" ADD COLUMN "sessionGeneration" INTEGER NOT NULL DEFAULT 0;
