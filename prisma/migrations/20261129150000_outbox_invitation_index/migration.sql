-- EmailOutbox.invitationId references Invitation, but PostgreSQL does not index the referencing
-- side of a foreign key. Deprovisioning an invited member (SCIM active=false or DELETE) drops the
-- invitation's unsent emails by invitationId, and deleting a member's invitations sets their
-- emails' invitationId to NULL: each was a scan of the whole outbox, which keeps every email ever
-- sent (measured: PATCH active=false p99 54 ms with 130,000 emails, 10 % of them on invited
-- members). lib/db/schema-drift.db.test.ts now checks every such foreign key has an index.
CREATE INDEX "EmailOutbox_invitationId_idx" ON "EmailOutbox" ("invitationId");
