// The SQL migrations and prisma/schema.prisma are written separately (Prisma Migrate cannot run
// here). This test migrates an empty database and compares what it built with the generated
// client's model metadata, so the two cannot drift apart unnoticed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openTestDatabase, testEngine } from "./testing";
import type { Database } from "./engines";

const scalarFieldsByModel: Record<string, Record<string, string>> = {
  Workspace: Prisma.WorkspaceScalarFieldEnum,
  Member: Prisma.MemberScalarFieldEnum,
  MemberCount: Prisma.MemberCountScalarFieldEnum,
  Group: Prisma.GroupScalarFieldEnum,
  GroupMembership: Prisma.GroupMembershipScalarFieldEnum,
  ApiToken: Prisma.ApiTokenScalarFieldEnum,
  AuditEvent: Prisma.AuditEventScalarFieldEnum,
  Invitation: Prisma.InvitationScalarFieldEnum,
  EmailOutbox: Prisma.EmailOutboxScalarFieldEnum,
  SignInLimit: Prisma.SignInLimitScalarFieldEnum,
  ScimRateWindow: Prisma.ScimRateWindowScalarFieldEnum,
  SsoConnection: Prisma.SsoConnectionScalarFieldEnum,
  SsoPendingRequest: Prisma.SsoPendingRequestScalarFieldEnum,
  SsoUsedAssertion: Prisma.SsoUsedAssertionScalarFieldEnum,
  SsoSignInCode: Prisma.SsoSignInCodeScalarFieldEnum,
  PasswordSignInChoice: Prisma.PasswordSignInChoiceScalarFieldEnum,
};

describe(`schema drift (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it("has exactly one table per Prisma model (plus the migrations ledger)", async () => {
    const rows = await db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    const tables = rows.map((r) => r.table_name).sort();
    expect(tables).toEqual([...Object.values(Prisma.ModelName), "_roster_migrations"].sort());
    expect(Object.keys(scalarFieldsByModel).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  for (const [model, fields] of Object.entries(scalarFieldsByModel)) {
    it(`table "${model}" has exactly the model's columns`, async () => {
      const rows = await db.prisma.$queryRaw<{ column_name: string }[]>`
        SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${model}`;
      expect(rows.map((r) => r.column_name).sort()).toEqual(Object.values(fields).sort());
    });
  }

  it("round-trips every model through the Prisma client", async () => {
    const ws = await db.prisma.workspace.create({ data: { name: "Drift", slug: "drift" } });
    const member = await db.prisma.member.create({
      data: { workspaceId: ws.id, userName: "a@example.com", emails: [{ value: "a@example.com", primary: true }], extra: { x: 1 } },
    });
    const group = await db.prisma.group.create({ data: { workspaceId: ws.id, displayName: "Eng" } });
    await db.prisma.groupMembership.create({ data: { groupId: group.id, memberId: member.id, workspaceId: ws.id } });
    await db.prisma.apiToken.create({ data: { workspaceId: ws.id, name: "t", tokenHash: "h", prefix: "p", createdByLabel: "x" } });
    await db.prisma.auditEvent.create({ data: { workspaceId: ws.id, actorKind: "SYSTEM", actorLabel: "test", action: "test" } });
    const inv = await db.prisma.invitation.create({ data: { workspaceId: ws.id, memberId: member.id, invitedBy: "x" } });
    await db.prisma.emailOutbox.create({ data: { workspaceId: ws.id, invitationId: inv.id, kind: "invitation", toAddress: "a@example.com" } });
    const loaded = await db.prisma.member.findUniqueOrThrow({ where: { id: member.id }, include: { memberships: true } });
    expect(loaded.status).toBe("INVITED");
    expect(loaded.emails).toEqual([{ value: "a@example.com", primary: true }]);
    expect(loaded.memberships).toHaveLength(1);
  });

  // PostgreSQL does not index the referencing side of a foreign key. Without an index, deleting or
  // updating a referenced row (a cascade, SET NULL, or a query by that column) scans the whole
  // referencing table. References to a workspace are exempt: a workspace is deleted once, and its
  // rows are found through the (workspaceId, ...) indexes the lists use where there are any.
  it("every foreign key other than workspaceId leads an index", async () => {
    const unindexed = await db.prisma.$queryRaw<{ fk: string }[]>`
      SELECT c.conrelid::regclass::text || '.' || a.attname AS "fk"
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND a.attname <> 'workspaceId'
        AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
      ORDER BY 1`;
    expect(unindexed.map((r) => r.fk)).toEqual([]);
  });
});
