// Sign-in attempt limits on a real database (both engines): counted before any hashing, per
// account and per address, reset by a success, lifted when the window passes, audited once per lock.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createWorkspace } from "@/lib/workspaces";
import { passwordHashLoad } from "./password";
import { signInWithPassword, type SignInInput } from "./sign-in";
import type { SignInLimitSettings } from "./sign-in-limits";
import { addMember, uniqueSuffix } from "./testing";

const PASSWORD = "correct horse battery";
const LIMITS: SignInLimitSettings = { maxFailuresPerAccount: 10, maxFailuresPerAddress: 1000, lockMinutes: 15 };

describe(`sign-in limits (${testEngine})`, () => {
  let db: Database;
  let ws: { id: string; slug: string };

  beforeAll(async () => {
    db = await openTestDatabase();
    ws = (await createWorkspace(db.prisma, { name: "Limits Co", adminEmail: "admin@limits.test", adminPassword: PASSWORD })).workspace;
  });
  afterAll(async () => db?.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  // The limiter reads Date.now(): the test moves the clock instead of waiting 15 minutes.
  const clock = (start = Date.now()) => {
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    return { advanceMinutes: (m: number) => vi.setSystemTime(Date.now() + m * 60_000) };
  };
  const attempt = (input: Partial<SignInInput> & { email: string }, limits = LIMITS) =>
    signInWithPassword(db, { workspaceSlug: ws.slug, password: "wrong password!", clientAddress: "192.0.2.1", ...input }, new Date(), limits);
  const auditOf = (where: { action: string; targetLabel?: string; targetId?: string }) =>
    db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id, ...where }, orderBy: { createdAt: "asc" } });

  it("locks an account after 10 wrong passwords: the right one is refused, unhashed, until the window passes", async () => {
    const time = clock();
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `locked-${uniqueSuffix()}@x.test`, password: PASSWORD });
    for (let i = 0; i < 10; i++) expect(await attempt({ email: m.userName })).toEqual({ ok: false, reason: "invalid" });

    const hashed = passwordHashLoad().computed;
    expect(await attempt({ email: m.userName, password: PASSWORD })).toEqual({ ok: false, reason: "limited", retryAfterMinutes: 15 });
    expect(await attempt({ email: m.userName.toUpperCase(), password: PASSWORD, clientAddress: "198.51.100.7" })).toMatchObject({ reason: "limited" });
    expect(passwordHashLoad().computed).toBe(hashed); // refused before Argon2

    time.advanceMinutes(10);
    expect(await attempt({ email: m.userName, password: PASSWORD })).toEqual({ ok: false, reason: "limited", retryAfterMinutes: 5 });
    time.advanceMinutes(5.1);
    expect(await attempt({ email: m.userName, password: PASSWORD })).toMatchObject({ ok: true, member: { id: m.id } });

    const failed = await auditOf({ action: "member.sign_in_failed", targetId: m.id });
    expect(failed).toHaveLength(10);
    expect(failed[0]).toMatchObject({ outcome: "FAILURE", actorKind: "SYSTEM", targetLabel: m.userName, details: { reason: "wrong password", clientAddress: "192.0.2.1" } });
    // Three refused attempts, one lock-out event.
    const locked = await auditOf({ action: "member.sign_in_locked", targetId: m.id });
    expect(locked).toHaveLength(1);
    expect(locked[0]).toMatchObject({ outcome: "FAILURE", details: { scope: "account", maxFailures: 10, lockMinutes: 15 } });
  });

  it("counts the account case-insensitively and lets a success reset its count", async () => {
    const limits = { ...LIMITS, maxFailuresPerAccount: 3 };
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `Reset-${uniqueSuffix()}@X.test`, password: PASSWORD });
    await attempt({ email: m.userName.toLowerCase() }, limits);
    await attempt({ email: m.userName.toUpperCase() }, limits);
    expect(await attempt({ email: m.userName, password: PASSWORD }, limits)).toMatchObject({ ok: true });
    // Had the success not reset it, the third failure below would already be refused.
    for (let i = 0; i < 3; i++) expect(await attempt({ email: ` ${m.userName} ` }, limits)).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt({ email: m.userName, password: PASSWORD }, limits)).toMatchObject({ reason: "limited" });
  });

  it("limits one address across accounts (known or not), without creating members for unknown ones; other addresses go on", async () => {
    const limits = { ...LIMITS, maxFailuresPerAddress: 4 };
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `victim-${uniqueSuffix()}@x.test`, password: PASSWORD });
    const membersBefore = await db.prisma.member.count({ where: { workspaceId: ws.id } });
    const unknown = Array.from({ length: 4 }, () => `nobody-${uniqueSuffix()}@x.test`);
    for (const email of unknown) expect(await attempt({ email, clientAddress: address }, limits)).toEqual({ ok: false, reason: "invalid" });

    const hashed = passwordHashLoad().computed;
    expect(await attempt({ email: m.userName, password: PASSWORD, clientAddress: address }, limits)).toMatchObject({ reason: "limited" });
    expect(passwordHashLoad().computed).toBe(hashed);
    expect(await attempt({ email: m.userName, password: PASSWORD, clientAddress: "192.0.2.200" }, limits)).toMatchObject({ ok: true });

    expect(await db.prisma.member.count({ where: { workspaceId: ws.id } })).toBe(membersBefore);
    const failed = await auditOf({ action: "member.sign_in_failed", targetLabel: unknown[0] });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ targetId: null, details: { reason: "unknown account", clientAddress: address } });
    const locked = await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id, action: "member.sign_in_locked", targetLabel: m.userName } });
    expect(locked).toHaveLength(1);
    expect(locked[0].details).toMatchObject({ scope: "address", clientAddress: address, maxFailures: 4 });
    // The refused attempt did not count against the account: it still signs in from elsewhere.
    expect(await attempt({ email: m.userName, password: PASSWORD, clientAddress: "192.0.2.201" }, limits)).toMatchObject({ ok: true });
  });

  it("holds across instances: the count lives in the database, not in the process", async () => {
    const limits = { ...LIMITS, maxFailuresPerAccount: 2 };
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `shared-${uniqueSuffix()}@x.test`, password: PASSWORD });
    await attempt({ email: m.userName }, limits);
    await attempt({ email: m.userName }, limits);
    const rows = await db.prisma.signInLimit.findMany({ where: { key: { startsWith: "signin-account:" } } });
    expect(rows.some((row) => row.points === 2)).toBe(true);
    // Other settings → new limiter objects, as on another instance: they find the lock in the table.
    expect(await attempt({ email: m.userName, password: PASSWORD }, { ...limits, maxFailuresPerAddress: 999 })).toMatchObject({ reason: "limited" });
  });

  it("switches a limit off with 0", async () => {
    const limits = { maxFailuresPerAccount: 0, maxFailuresPerAddress: 0, lockMinutes: 15 };
    const m = await addMember(db.prisma, { workspaceId: ws.id, email: `unlimited-${uniqueSuffix()}@x.test`, password: PASSWORD });
    for (let i = 0; i < 3; i++) await attempt({ email: m.userName }, limits);
    expect(await attempt({ email: m.userName, password: PASSWORD }, limits)).toMatchObject({ ok: true });
  });
});
