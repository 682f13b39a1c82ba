import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { dropExpiredAssertions, acceptAssertionOnce } from "./replay-cache";
import { workspaceWithConnection } from "./testing";

describe(`SSO replay cache (${testEngine})`, () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;
  let b: Awaited<ReturnType<typeof workspaceWithConnection>>;
  const inFiveMinutes = () => new Date(Date.now() + 300_000);

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await workspaceWithConnection(db.prisma);
    b = await workspaceWithConnection(db.prisma);
  });
  afterAll(async () => db?.close());

  it("accepts an assertion id once per connection", async () => {
    expect(await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_one", expiresAt: inFiveMinutes() })).toBe(true);
    expect(await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_one", expiresAt: inFiveMinutes() })).toBe(false);
    // Another connection's cache is its own.
    expect(await acceptAssertionOnce(db.prisma, { connectionId: b.connection.id, assertionId: "_one", expiresAt: inFiveMinutes() })).toBe(true);
  });

  it("lets exactly one of several concurrent uses win", async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_race", expiresAt: inFiveMinutes() })));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("forgets an id once its assertion expired", async () => {
    const past = new Date(Date.now() - 1000);
    expect(await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_old", expiresAt: past })).toBe(true);
    expect(await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_old", expiresAt: inFiveMinutes() })).toBe(true);
    expect(await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_old", expiresAt: inFiveMinutes() })).toBe(false);
    await acceptAssertionOnce(db.prisma, { connectionId: a.connection.id, assertionId: "_gone", expiresAt: past });
    expect(await dropExpiredAssertions(db.prisma)).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.ssoUsedAssertion.findUnique({ where: { connectionId_assertionId: { connectionId: a.connection.id, assertionId: "_gone" } } })).toBeNull();
  });
});
