import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { createWorkspace } from "@/lib/workspaces";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken, TokenNameTakenError, tokenStatus } from "./index";
import { generateTokenSecret, hashTokenSecret, secretMatchesHash, TOKEN_PREFIX } from "./secret";

const actor: Actor = { kind: "SYSTEM", label: "test" };

describe("token secrets", () => {
  it("are long random strings with a recognisable prefix; the hash is SHA-256 hex", () => {
    const a = generateTokenSecret();
    const b = generateTokenSecret();
    expect(a.secret.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(a.secret.length).toBeGreaterThanOrEqual(TOKEN_PREFIX.length + 43);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashTokenSecret(a.secret));
    expect(a.secret.startsWith(a.displayPrefix)).toBe(true);
    expect(secretMatchesHash(a.secret, a.hash)).toBe(true);
    expect(secretMatchesHash(b.secret, a.hash)).toBe(false);
  });

  it("status: revoked beats expired beats active", () => {
    const now = new Date("2026-01-02T00:00:00Z");
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe("active");
    expect(tokenStatus({ revokedAt: null, expiresAt: new Date("2026-01-01T00:00:00Z") }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: null, expiresAt: now }, now)).toBe("expired");
    expect(tokenStatus({ revokedAt: now, expiresAt: new Date("2026-01-01T00:00:00Z") }, now)).toBe("revoked");
  });
});

describe(`API tokens (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    workspaceId = (await createWorkspace(db.prisma, { name: "Tokens", adminEmail: "a@tokens.test", adminPassword: "correct horse battery" })).workspace.id;
  });
  afterAll(async () => db?.close());

  it("shows the secret once and stores only its hash", async () => {
    const created = await createApiToken(db.prisma, { workspaceId, name: "okta", actor });
    expect(created.secret.startsWith(TOKEN_PREFIX)).toBe(true);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashTokenSecret(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(row.prefix).toBe(created.prefix);
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { targetId: created.id, action: "token.created" } });
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    const listed = await listApiTokens(db.prisma, workspaceId);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    expect(JSON.stringify(listed)).not.toContain(row.tokenHash);
    expect(listed.find((t) => t.id === created.id)?.status).toBe("active");
  });

  it("authenticates the right secret only, with its workspace", async () => {
    const created = await createApiToken(db.prisma, { workspaceId, name: "auth-check", actor });
    expect(await authenticateApiToken(db.prisma, created.secret)).toEqual({ ok: true, token: { id: created.id, name: "auth-check", workspaceId, scimEnabled: true } });
    expect(await authenticateApiToken(db.prisma, created.secret + "x")).toEqual({ ok: false, reason: "unknown" });
    expect(await authenticateApiToken(db.prisma, generateTokenSecret().secret)).toEqual({ ok: false, reason: "unknown" });
  });

  it("rejects a revoked token, and lets its name be reused afterwards", async () => {
    const created = await createApiToken(db.prisma, { workspaceId, name: "rotate-me", actor });
    await expect(createApiToken(db.prisma, { workspaceId, name: "rotate-me", actor })).rejects.toBeInstanceOf(TokenNameTakenError);
    expect(await revokeApiToken(db.prisma, { workspaceId, name: "rotate-me", actor })).toBe(true);
    expect(await revokeApiToken(db.prisma, { workspaceId, name: "rotate-me", actor })).toBe(false);
    expect(await authenticateApiToken(db.prisma, created.secret)).toEqual({ ok: false, reason: "revoked" });
    const again = await createApiToken(db.prisma, { workspaceId, name: "rotate-me", actor });
    expect((await authenticateApiToken(db.prisma, again.secret)).ok).toBe(true);
    expect(await db.prisma.auditEvent.count({ where: { targetId: created.id, action: "token.revoked" } })).toBe(1);
  });

  it("revokes by id only inside its own workspace", async () => {
    const other = (await createWorkspace(db.prisma, { name: "Other", adminEmail: "a@o.test", adminPassword: "correct horse battery" })).workspace.id;
    const created = await createApiToken(db.prisma, { workspaceId, name: "cross", actor });
    expect(await revokeApiToken(db.prisma, { workspaceId: other, id: created.id, actor })).toBe(false);
    expect((await authenticateApiToken(db.prisma, created.secret)).ok).toBe(true);
  });

  it("rejects an expired token", async () => {
    const created = await createApiToken(db.prisma, { workspaceId, name: "short-lived", expiresInDays: 1, actor });
    expect(created.expiresAt!.getTime() - Date.now()).toBeGreaterThan(86_000_000);
    expect((await authenticateApiToken(db.prisma, created.secret)).ok).toBe(true);
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await authenticateApiToken(db.prisma, created.secret, later)).toEqual({ ok: false, reason: "expired" });
  });

  it("records last use at most once a minute", async () => {
    const created = await createApiToken(db.prisma, { workspaceId, name: "throttle", actor });
    const lastUsed = async () => (await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    const t0 = new Date("2030-01-01T00:00:00Z");
    await authenticateApiToken(db.prisma, created.secret, t0);
    expect(await lastUsed()).toEqual(t0);
    await authenticateApiToken(db.prisma, created.secret, new Date(t0.getTime() + 30_000));
    expect(await lastUsed()).toEqual(t0);
    const t2 = new Date(t0.getTime() + 61_000);
    await authenticateApiToken(db.prisma, created.secret, t2);
    expect(await lastUsed()).toEqual(t2);
  });
});
