import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { runWithSession } from "@/lib/auth/session-override";
import { authenticateApiToken } from "@/lib/tokens";
import { seedMember, seedWorkspace, formData } from "@/lib/members/testing";
import { createTokenAction, revokeTokenAction } from "./actions";

/** What every admin action answers anyone but a signed-in admin (lib/actions/result adminAction). */
const REFUSED = { ok: false, code: "not-allowed", message: expect.stringMatching(/^(You are not signed in\.|Your role does not allow this \(.+\)\. Ask a workspace admin\.)$/) };

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

describe(`API token actions (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  it("an admin creates a token: the secret comes back once and works; only its hash is stored", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const result = await runWithSession({ memberId: admin.id, workspaceId: workspace.id }, () => createTokenAction(null, formData({ name: " Okta SCIM ", expiresInDays: "30" })));
    if (!result?.ok) throw new Error(`expected ok, got ${JSON.stringify(result)}`);
    expect(result.data!.name).toBe("Okta SCIM");
    expect(result.data!.secret.startsWith(result.data!.prefix)).toBe(true);
    expect(new Date(result.data!.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const stored = await db.prisma.apiToken.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(stored.tokenHash).not.toContain(result.data!.secret);
    expect(stored).toMatchObject({ createdById: admin.id, createdByLabel: admin.userName });
    expect(await authenticateApiToken(db.prisma, result.data!.secret)).toMatchObject({ ok: true });
    // The audit event never contains the secret.
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId: workspace.id, action: "token.created" } });
    expect(JSON.stringify(event)).not.toContain(result.data!.secret);
  });

  it("validates name and expiry; a duplicate live name is a message", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const run = (fields: Record<string, string>) => runWithSession({ memberId: admin.id, workspaceId: workspace.id }, () => createTokenAction(null, formData(fields)));
    expect(await run({ name: "   " })).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String) } });
    expect(await run({ name: "x", expiresInDays: "0" })).toMatchObject({ ok: false, fieldErrors: { expiresInDays: "At least 1 day." } });
    expect(await run({ name: "x", expiresInDays: "1.5" })).toMatchObject({ ok: false, fieldErrors: { expiresInDays: "Use whole days." } });
    expect(await run({ name: "x", expiresInDays: "abc" })).toMatchObject({ ok: false });
    expect(await run({ name: "dup", expiresInDays: "" })).toMatchObject({ ok: true, data: { expiresAt: null } });
    expect(await run({ name: "dup" })).toMatchObject({ ok: false, message: expect.stringMatching(/already exists/) });
    expect(await db.prisma.apiToken.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("revoking takes effect immediately", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const as = <T>(fn: () => Promise<T>) => runWithSession({ memberId: admin.id, workspaceId: workspace.id }, fn);
    const created = await as(() => createTokenAction(null, formData({ name: "to revoke" })));
    if (!created?.ok) throw new Error("create failed");
    const token = await db.prisma.apiToken.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(await as(() => revokeTokenAction(null, formData({ tokenId: token.id })))).toMatchObject({ ok: true });
    expect(await authenticateApiToken(db.prisma, created.data!.secret)).toEqual({ ok: false, reason: "revoked" });
    expect(await as(() => revokeTokenAction(null, formData({ tokenId: token.id })))).toMatchObject({ ok: false, message: expect.stringMatching(/already revoked/) });
    expect(await as(() => revokeTokenAction(null, formData({ tokenId: "not-a-uuid" })))).toMatchObject({ ok: false });
  });

  it("non-admins and signed-out callers get a not-allowed message (never a thrown error); no token is created or revoked", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const editor = await seedMember(db.prisma, workspace.id, { userName: "ed@x.test", status: "ACTIVE", role: "EDITOR" });
    const created = await runWithSession({ memberId: admin.id, workspaceId: workspace.id }, () => createTokenAction(null, formData({ name: "keep" })));
    expect(created?.ok).toBe(true);
    const token = await db.prisma.apiToken.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    for (const claims of [{ memberId: editor.id, workspaceId: workspace.id }, null]) {
      await expect(runWithSession(claims, () => createTokenAction(null, formData({ name: "sneaky" })))).resolves.toEqual(REFUSED);
      await expect(runWithSession(claims, () => revokeTokenAction(null, formData({ tokenId: token.id })))).resolves.toEqual(REFUSED);
    }
    expect(await db.prisma.apiToken.findMany({ where: { workspaceId: workspace.id }, select: { name: true, revokedAt: true } })).toEqual([{ name: "keep", revokedAt: null }]);
  });
});
