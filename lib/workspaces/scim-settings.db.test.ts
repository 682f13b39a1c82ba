import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { NotAllowedError } from "@/lib/auth/session";
import { seedMember, seedWorkspace } from "@/lib/members/testing";
import { getScimSettings, setScimEnabled } from "./scim-settings";

describe(`SCIM settings (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it("is on by default; an admin turns it off and on, each change audited once", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    expect((await getScimSettings(db.prisma, workspace.id)).scimEnabled).toBe(true);
    expect(await setScimEnabled(db.prisma, { workspaceId: workspace.id, actorId: admin.id, enabled: false })).toEqual({ changed: true });
    expect((await getScimSettings(db.prisma, workspace.id)).scimEnabled).toBe(false);
    expect(await setScimEnabled(db.prisma, { workspaceId: workspace.id, actorId: admin.id, enabled: false })).toEqual({ changed: false });
    await setScimEnabled(db.prisma, { workspaceId: workspace.id, actorId: admin.id, enabled: true });
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: workspace.id, action: { startsWith: "scim." } }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["scim.disabled", admin.id],
      ["scim.enabled", admin.id],
    ]);
  });

  it("refuses non-admins", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    const viewer = await seedMember(db.prisma, workspace.id, { userName: "v@x.test", status: "ACTIVE" });
    await expect(setScimEnabled(db.prisma, { workspaceId: workspace.id, actorId: viewer.id, enabled: false })).rejects.toBeInstanceOf(NotAllowedError);
    expect((await getScimSettings(db.prisma, workspace.id)).scimEnabled).toBe(true);
  });

  it("counts live tokens (not revoked, not expired)", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    const base = { workspaceId: workspace.id, prefix: "rst_", createdByLabel: "t" };
    await db.prisma.apiToken.createMany({
      data: [
        { ...base, name: "live", tokenHash: `h1-${workspace.id}` },
        { ...base, name: "revoked", tokenHash: `h2-${workspace.id}`, revokedAt: new Date() },
        { ...base, name: "expired", tokenHash: `h3-${workspace.id}`, expiresAt: new Date(Date.now() - 1000) },
        { ...base, name: "later", tokenHash: `h4-${workspace.id}`, expiresAt: new Date(Date.now() + 86_400_000) },
      ],
    });
    expect((await getScimSettings(db.prisma, workspace.id)).liveTokens).toBe(2);
  });
});
