-- Settings › SCIM: may provisioning change the password or sign-in email (userName) of members
-- created in Roster by hand (first admin, invited by an admin)? Off by default: otherwise a SCIM
-- token could take over an admin's web account by setting its password.
ALTER TABLE "Workspace" ADD COLUMN "scimManagesManualMembers" BOOLEAN NOT NULL DEFAULT false;
