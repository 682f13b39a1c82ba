import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { addMember, uniqueSuffix } from "@/lib/auth/testing";
import { hashBrowserBinding, newBrowserBinding } from "./browser-binding";
import { issueSignInCode, redeemSignInCode } from "./sign-in-code";
import { workspaceWithConnection } from "./testing";

describe(`SSO one-time sign-in codes (${testEngine})`, () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;
  // The browser that started the sign-in (its binding cookie) and another one.
  const browser = newBrowserBinding();
  const bindingHash = hashBrowserBinding(browser);

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await workspaceWithConnection(db.prisma);
  });
  afterAll(async () => db?.close());

  it("redeems once for the member it was issued to, in the browser it is bound to, and stores only hashes", async () => {
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id, callbackPath: "/members", bindingHash, connectionId: a.connection.id });
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.prisma.ssoSignInCode.findMany({ where: { memberId: a.admin.id } });
    expect(stored.map((s) => s.codeHash)).toContain(createHash("sha256").update(code).digest("hex"));
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(browser);
    expect(await redeemSignInCode(db.prisma, code, browser)).toMatchObject({ ok: true, member: { id: a.admin.id, workspaceId: a.workspace.id, callbackPath: "/members", role: "ADMIN" } });
    expect(await redeemSignInCode(db.prisma, code, browser)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a code redeemed by another browser (no cookie, or another one) and uses it up", async () => {
    for (const other of [null, newBrowserBinding(), "not-a-binding"]) {
      const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id, bindingHash, connectionId: a.connection.id });
      expect(await redeemSignInCode(db.prisma, code, other)).toEqual({
        ok: false,
        reason: "browser-mismatch",
        workspaceId: a.workspace.id,
        connectionId: a.connection.id,
        memberId: a.admin.id,
        userName: a.admin.userName,
      });
      // The right browser cannot use it afterwards either: it was misused, start again.
      expect(await redeemSignInCode(db.prisma, code, browser)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses a code that carries no binding (fails closed)", async () => {
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id, bindingHash: null });
    expect(await redeemSignInCode(db.prisma, code, browser)).toMatchObject({ ok: false, reason: "browser-mismatch" });
  });

  it("refuses an expired code, an unknown code and a malformed one", async () => {
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: a.admin.id, bindingHash }, new Date(Date.now() - 120_000));
    expect(await redeemSignInCode(db.prisma, code, browser)).toEqual({ ok: false, reason: "invalid" });
    expect(await redeemSignInCode(db.prisma, "x".repeat(43), browser)).toEqual({ ok: false, reason: "invalid" });
    expect(await redeemSignInCode(db.prisma, "' OR 1=1 --", browser)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a code whose member was disabled after it was issued", async () => {
    const m = await addMember(db.prisma, { workspaceId: a.workspace.id, email: `later-disabled-${uniqueSuffix()}@sso.test` });
    const code = await issueSignInCode(db.prisma, { workspaceId: a.workspace.id, memberId: m.id, bindingHash });
    await db.prisma.member.update({ where: { id: m.id }, data: { status: "DISABLED", active: false } });
    expect(await redeemSignInCode(db.prisma, code, browser)).toEqual({ ok: false, reason: "invalid" });
  });
});
