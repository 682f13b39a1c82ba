import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createPendingRequest, takePendingRequest } from "./pending-requests";
import { workspaceWithConnection } from "./testing";

describe(`SSO pending requests (${testEngine})`, () => {
  let db: Database;
  let a: Awaited<ReturnType<typeof workspaceWithConnection>>;
  let b: Awaited<ReturnType<typeof workspaceWithConnection>>;

  beforeAll(async () => {
    db = await openTestDatabase();
    a = await workspaceWithConnection(db.prisma);
    b = await workspaceWithConnection(db.prisma);
  });
  afterAll(async () => db?.close());

  it("is taken once, with its purpose, member and data", async () => {
    const created = await createPendingRequest(db.prisma, { workspaceId: a.workspace.id, connectionId: a.connection.id, purpose: "test", memberId: a.admin.id, data: { callbackPath: "/members" } });
    expect(created.id).toMatch(/^_[0-9a-f]{40}$/);
    const taken = await takePendingRequest(db.prisma, { id: created.id, connectionId: a.connection.id });
    expect(taken).toMatchObject({ id: created.id, purpose: "test", memberId: a.admin.id, data: { callbackPath: "/members" }, workspaceId: a.workspace.id });
    expect(await takePendingRequest(db.prisma, { id: created.id, connectionId: a.connection.id })).toBeNull();
  });

  it("is not taken through another connection (and stays for its own)", async () => {
    const created = await createPendingRequest(db.prisma, { workspaceId: a.workspace.id, connectionId: a.connection.id, purpose: "sign-in" });
    expect(await takePendingRequest(db.prisma, { id: created.id, connectionId: b.connection.id })).toBeNull();
    expect(await takePendingRequest(db.prisma, { id: created.id, connectionId: a.connection.id })).not.toBeNull();
  });

  it("is refused once expired, and expired rows are swept by the next create", async () => {
    const past = new Date(Date.now() - 3_600_000);
    const old = await createPendingRequest(db.prisma, { workspaceId: a.workspace.id, connectionId: a.connection.id, purpose: "sign-in", ttlSeconds: 60 }, past);
    const later = await createPendingRequest(db.prisma, { workspaceId: a.workspace.id, connectionId: a.connection.id, purpose: "sign-in", ttlSeconds: 60 }, past);
    expect(await takePendingRequest(db.prisma, { id: later.id, connectionId: a.connection.id })).toBeNull();
    await createPendingRequest(db.prisma, { workspaceId: a.workspace.id, connectionId: a.connection.id, purpose: "sign-in" });
    expect(await db.prisma.ssoPendingRequest.findUnique({ where: { id: old.id } })).toBeNull();
  });
});
