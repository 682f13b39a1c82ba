-- Time-ordered ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then random bits.
-- With random (version 4) ids every insert lands on a random leaf of each primary-key index and
-- of every index that holds an id (Member's last-sign-in sorts, AuditEvent's targetId,
-- Invitation's memberId): a SCIM create touched ~10 random index pages, and after each checkpoint
-- each first touch writes a full 8 kB page image to the WAL (66 % of the WAL of POST /Users in
-- the performance issue). New ids now sort by creation time, so those inserts stay at the right
-- edge. Existing rows keep their ids. The app generates the same kind of ids itself
-- (lib/db/ids.ts, Prisma's uuid(7)); this default covers inserts that leave "id" out.
CREATE FUNCTION roster_uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  -- A version 4 UUID with its first 48 bits replaced by the time, and its version nibble
  -- turned from 4 (0100) into 7 (0111) by setting bits 52 and 53 (set_bit counts from the
  -- lowest bit of the first byte, so these are the 7th byte's two low version bits).
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

ALTER TABLE "Workspace" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "Member" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "Group" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "ApiToken" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "AuditEvent" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "Invitation" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
ALTER TABLE "EmailOutbox" ALTER COLUMN "id" SET DEFAULT roster_uuid_v7();
