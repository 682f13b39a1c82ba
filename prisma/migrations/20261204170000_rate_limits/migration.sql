-- Rate-limit state shared by every instance (issue 17).
--
-- SignInLimit: rate-limiter-flexible's PostgreSQL store (RateLimiterPostgres), one row per
-- counted key (an account — workspace + email — or a client address, both hashed). The columns,
-- their order and types are the library's own (it INSERTs positionally); Roster creates the table
-- here instead of letting the library run CREATE TABLE at start.
CREATE TABLE "SignInLimit" (
  "key" varchar(255) PRIMARY KEY,
  "points" integer NOT NULL DEFAULT 0,
  "expire" bigint
);

-- ScimRateWindow: SCIM requests counted per key (a token or a workspace) and fixed window.
-- Instances decide locally and add their counts here in batches (lib/scim-http/rate-limit.ts),
-- so the hot path never waits for this table.
CREATE TABLE "ScimRateWindow" (
  "key" text NOT NULL,
  "windowStart" bigint NOT NULL,
  "count" integer NOT NULL DEFAULT 0,
  PRIMARY KEY ("key", "windowStart")
);
CREATE INDEX "ScimRateWindow_windowStart_idx" ON "ScimRateWindow" ("windowStart");
