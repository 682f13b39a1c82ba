// Password sign-in from the email alone, on an instance with several workspaces (both engines):
// the password is checked against the email's memberships; one proven → signed in there; several →
// a one-time token whose holder alone sees exactly those workspaces and picks one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createWorkspace } from "@/lib/workspaces";
import { passwordHashLoad } from "./password";
import type { SignInLimitSettings } from "./sign-in-limits";
import { addMember, uniqueSuffix } from "./testing";
import { signInWithPasswordByEmail, signInWithWorkspaceChoice, workspaceChoices } from "./workspace-choice";

const PASSWORD = "correct horse battery";
const LIMITS: SignInLimitSettings = { maxFailuresPerAccount: 10, maxFailuresPerAddress: 1000, lockMinutes: 15 };

describe(`password sign-in from the email alone (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  async function workspace(name: string) {
    const suffix = uniqueSuffix();
    return (await createWorkspace(db.prisma, { name: `${name} ${suffix}`, adminEmail: `admin-${suffix}@choice.test`, adminPassword: PASSWORD })).workspace;
  }
  const byEmail = (email: string, password = PASSWORD, limits = LIMITS) => signInWithPasswordByEmail(db, { email, password, clientAddress: "192.0.2.7" }, new Date(), limits);

  it("a password that proves two memberships gets a one-time choice of exactly those two; the chosen one signs in", async () => {
    const [a, b, c] = [await workspace("Acme"), await workspace("Beta"), await workspace("Gamma")];
    const email = `ada-${uniqueSuffix()}@choice.test`;
    await addMember(db.prisma, { workspaceId: a.id, email, password: PASSWORD });
    const inB = await addMember(db.prisma, { workspaceId: b.id, email: email.toUpperCase(), password: PASSWORD, status: "INVITED" });
    // Another password in a third workspace: not proven, not offered.
    await addMember(db.prisma, { workspaceId: c.id, email, password: "another password entirely" });

    const result = await byEmail(email);
    expect(result).toEqual({ ok: false, reason: "choose-workspace", token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const token = (result as { token: string }).token;
    expect(JSON.stringify(await db.prisma.passwordSignInChoice.findMany())).not.toContain(token);
    expect((await workspaceChoices(db.prisma, token)).map((w) => w.slug).sort()).toEqual([a.slug, b.slug].sort());
    // Nothing for anyone without the token.
    expect(await workspaceChoices(db.prisma, "x".repeat(43))).toEqual([]);
    expect(await workspaceChoices(db.prisma, "' OR 1=1 --")).toEqual([]);

    const signedIn = await signInWithWorkspaceChoice(db, { token, workspaceSlug: b.slug });
    expect(signedIn).toMatchObject({ ok: true, member: { id: inB.id, workspaceId: b.id, workspaceSlug: b.slug, status: "ACTIVE" } });
    // One-time: the token is used up (and lists nothing any more).
    expect(await signInWithWorkspaceChoice(db, { token, workspaceSlug: a.slug })).toEqual({ ok: false, reason: "invalid" });
    expect(await workspaceChoices(db.prisma, token)).toEqual([]);
  });

  it("a workspace the token did not offer is refused, and uses the token up", async () => {
    const [a, b, other] = [await workspace("One"), await workspace("Two"), await workspace("Other")];
    const email = `grace-${uniqueSuffix()}@choice.test`;
    await addMember(db.prisma, { workspaceId: a.id, email, password: PASSWORD });
    await addMember(db.prisma, { workspaceId: b.id, email, password: PASSWORD });
    const { token } = (await byEmail(email)) as { token: string };
    expect(await signInWithWorkspaceChoice(db, { token, workspaceSlug: other.slug })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInWithWorkspaceChoice(db, { token, workspaceSlug: a.slug })).toEqual({ ok: false, reason: "invalid" });
  });

  it("one proven membership signs in directly; a wrong password or an unknown email is the one 'invalid' answer", async () => {
    const [a, b] = [await workspace("Solo"), await workspace("Elsewhere")];
    const email = `alan-${uniqueSuffix()}@choice.test`;
    const inA = await addMember(db.prisma, { workspaceId: a.id, email, password: PASSWORD });
    const inB = await addMember(db.prisma, { workspaceId: b.id, email, password: "a different password" });
    expect(await byEmail(email)).toMatchObject({ ok: true, member: { id: inA.id, workspaceSlug: a.slug } });
    expect(await byEmail(email, "wrong wrong wrong")).toEqual({ ok: false, reason: "invalid" });
    expect(await byEmail(`nobody-${uniqueSuffix()}@choice.test`)).toEqual({ ok: false, reason: "invalid" });
    // The failure is on record in each workspace the email is a member of.
    for (const [ws, m] of [[a, inA], [b, inB]] as const) {
      expect(await db.prisma.auditEvent.count({ where: { workspaceId: ws.id, action: "member.sign_in_failed", targetId: m.id } })).toBeGreaterThanOrEqual(1);
    }
  });

  it("an unknown email costs one password hash, like a one-workspace account", async () => {
    const before = passwordHashLoad().computed;
    await byEmail(`nobody-${uniqueSuffix()}@choice.test`);
    expect(passwordHashLoad().computed - before).toBe(1);
  });

  it("a workspace requiring SSO is not offered to a member who is not break-glass; disabled members are not offered", async () => {
    const [sso, plain, off] = [await workspace("Sso"), await workspace("Plain"), await workspace("Off")];
    await db.prisma.workspace.update({ where: { id: sso.id }, data: { requireSso: true } });
    const email = `mary-${uniqueSuffix()}@choice.test`;
    await addMember(db.prisma, { workspaceId: sso.id, email, password: PASSWORD });
    await addMember(db.prisma, { workspaceId: off.id, email, password: PASSWORD, status: "DISABLED" });
    const inPlain = await addMember(db.prisma, { workspaceId: plain.id, email, password: PASSWORD });
    expect(await byEmail(email)).toMatchObject({ ok: true, member: { id: inPlain.id } });
  });

  it("counts failures per email across workspaces (the account limit) before any hashing", async () => {
    const [a, b] = [await workspace("Limit A"), await workspace("Limit B")];
    const email = `lim-${uniqueSuffix()}@choice.test`;
    await addMember(db.prisma, { workspaceId: a.id, email, password: PASSWORD });
    await addMember(db.prisma, { workspaceId: b.id, email, password: PASSWORD });
    const tight = { ...LIMITS, maxFailuresPerAccount: 2 };
    expect(await byEmail(email, "wrong wrong wrong", tight)).toEqual({ ok: false, reason: "invalid" });
    expect(await byEmail(email, "wrong wrong wrong", tight)).toEqual({ ok: false, reason: "invalid" });
    const before = passwordHashLoad().computed;
    expect(await byEmail(email, PASSWORD, tight)).toMatchObject({ ok: false, reason: "limited" });
    expect(passwordHashLoad().computed).toBe(before);
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: { in: [a.id, b.id] }, action: "member.sign_in_locked" } })).toBe(2);
  });
});
