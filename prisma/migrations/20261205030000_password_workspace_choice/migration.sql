-- Password sign-in from the email alone (lib/auth/workspace-choice.ts): when a password proves
-- several memberships of one email, the person picks the workspace. What they may pick from is
-- carried by a one-time token (256 random bits, stored only as its SHA-256, valid 5 minutes).
CREATE TABLE "PasswordSignInChoice" (
  "tokenHash" TEXT NOT NULL PRIMARY KEY,
  -- The members the password proved (and who may sign in), one per workspace.
  "memberIds" UUID[] NOT NULL,
  "email" TEXT NOT NULL,
  "expiresAt" TIMESTAMPTZ(3) NOT NULL,
  "usedAt" TIMESTAMPTZ(3),
  "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX "PasswordSignInChoice_expiresAt_idx" ON "PasswordSignInChoice" ("expiresAt");
