import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember } from "@/lib/auth/testing";
import { createWorkspace } from "@/lib/workspaces";
import { getMyAccount } from "./index";

describe(`My account (${testEngine})`, () => {
  let db: Database;
  let ws: string;
  let other: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    ws = (await createWorkspace(db.prisma, { name: "Acct", adminEmail: "a@acct.test", adminPassword: "correct horse battery" })).workspace.id;
    other = (await createWorkspace(db.prisma, { name: "Elsewhere", adminEmail: "a@else.test", adminPassword: "correct horse battery" })).workspace.id;
  });
  afterAll(async () => db?.close());

  async function inGroups(status: "ACTIVE" | "INVITED" | "DISABLED") {
    const m = await addMember(db.prisma, { workspaceId: ws, email: `${status.toLowerCase()}@acct.test`, status, role: "EDITOR", displayName: "Pat" });
    for (const name of ["Zeta", "Alpha"]) {
      const g = await db.prisma.group.create({ data: { workspaceId: ws, displayName: `${name} ${status}` } });
      await db.prisma.groupMembership.create({ data: { groupId: g.id, memberId: m.id, workspaceId: ws } });
    }
    return m;
  }

  it("shows profile, role and groups (sorted) for an ACTIVE member", async () => {
    const m = await inGroups("ACTIVE");
    const account = await getMyAccount(db.prisma, m.id, ws);
    expect(account).toMatchObject({ userName: m.userName, displayName: "Pat", role: "EDITOR", status: "ACTIVE", workspaceName: "Acct", emails: [m.userName] });
    expect(account!.groups.map((g) => g.displayName)).toEqual(["Alpha ACTIVE", "Zeta ACTIVE"]);
  });

  it("lists no groups unless the member is ACTIVE", async () => {
    for (const status of ["INVITED", "DISABLED"] as const) {
      const m = await inGroups(status);
      expect((await getMyAccount(db.prisma, m.id, ws))?.groups).toEqual([]);
    }
  });

  it("never returns a member through another workspace", async () => {
    const m = await addMember(db.prisma, { workspaceId: ws, email: "scoped@acct.test" });
    expect(await getMyAccount(db.prisma, m.id, other)).toBeNull();
  });
});
