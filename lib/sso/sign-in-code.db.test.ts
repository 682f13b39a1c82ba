import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { issueSignInCode, redeemSignInCode } from "./sign-in-code";
import { workspaceWithConnection } from "./testing";

describe(`SSO one-time sign-in codes (${testEngine})`, () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await workspaceWithConnection(db.prisma);
  });
  afterAll(async () => db?.close());

  it("redeems once for the member it was issued to, and stores only a hash", async () => {
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id, callbackPath: "/members" });
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.prisma.ssoSignInCode.findMany({ where: { memberId: a.admin.id } });
    expect(stored.map((s) => s.codeHash)).toContain(createHash("sha256").update(code).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(await redeemSignInCode(db.prisma, code)).toMatchObject({ id: a.admin.id, workspaceId: a.workspace.id, callbackPath: "/members", role: "ADMIN" });
    expect(await redeemSignInCode(db.prisma, code)).toBeNull();
  });

  it("refuses an expired code, an unknown code and a malformed one", async () => {
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id }, new Date(Date.now() - 120_000));
    expect(await redeemSignInCode(db.prisma, code)).toBeNull();
    expect(await redeemSignInCode(db.prisma, "x".repeat(43))).toBeNull();
    expect(await redeemSignInCode(db.prisma, "' OR 1=1 --")).toBeNull();
  });

  it("refuses a code whose member was disabled after it was issued", async () => {
    const m = await addMember(db.prisma, { workspaceId: a.workspace.id, email: `later-disabled-${uniqueSuffix()}@sso.test` });
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: m.id });
    await db.prisma.member.update({ where: { id: m.id }, data: { status: "DISABLED", active: false } });
    expect(await redeemSignInCode(db.prisma, code)).toBeNull();
  });
});
