import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { auditData, recordAudit, scrubDetails } from "./index";

describe("scrubDetails", () => {
  it("redacts sensitive keys at any depth, in objects and arrays", () => {
    expect(
      scrubDetails({
        email: "a@b.test",
        password: "hunter2",
        newPassword: "x",
        nested: { apiToken: "roster_x", tokenHash: "abc", secret: 1, safe: "ok", list: [{ Authorization: "Bearer x", n: 1 }] },
      }),
    ).toEqual({
      email: "a@b.test",
      password: "[redacted]",
      newPassword: "[redacted]",
      nested: { apiToken: "[redacted]", tokenHash: "[redacted]", secret: "[redacted]", safe: "ok", list: [{ Authorization: "[redacted]", n: 1 }] },
    });
  });

  it("keeps facts about secrets: booleans, and keys that name or describe one", () => {
    const details = { passwordChanged: true, passwordSet: false, tokenName: "okta-provisioning", tokenId: "t1", tokenPrefix: "roster_ab", passwordHash: null };
    expect(scrubDetails(details)).toEqual(details);
    expect(scrubDetails({ password: true, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$abc$def" })).toEqual({ password: true, passwordHash: "[redacted]" });
  });

  it("redacts secrets by their shape wherever they appear", () => {
    const token = `roster_${"A".repeat(43)}`;
    expect(
      scrubDetails({
        detail: `Invalid value near 'Bearer ${token}'`,
        label: `see https://roster.test/invite/${"b".repeat(43)} now`,
        list: ["$argon2id$v=19$m=19456$salt$hash", token],
      }),
    ).toEqual({
      detail: "Invalid value near '[redacted]'",
      label: "see https://roster.test[redacted] now",
      list: ["[redacted]", "[redacted]"],
    });
  });

  it("leaves non-objects alone", () => {
    expect(scrubDetails("password")).toBe("password");
    expect(scrubDetails(null)).toBeNull();
    expect(scrubDetails([1, "a"])).toEqual([1, "a"]);
  });

  it("auditData maps actor and target and scrubs details", () => {
    const data = auditData({
      workspaceId: "w",
      actor: { kind: "MEMBER", id: "m1", label: "a@b.test" },
      action: "member.updated",
      target: { type: "Member", id: "m2" },
      details: { pass: "x" },
    });
    expect(data).toMatchObject({ actorKind: "MEMBER", actorId: "m1", targetType: "Member", targetId: "m2", targetLabel: null, outcome: "SUCCESS", details: { pass: "[redacted]" } });
  });
});

describe(`recordAudit (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it("stores the event with scrubbed details, and a rolled-back transaction leaves no event", async () => {
    const ws = await db.prisma.workspace.create({ data: { name: "Audit", slug: "audit" } });
    await recordAudit(db.prisma, { workspaceId: ws.id, actor: { kind: "SYSTEM", label: "t" }, action: "x.done", details: { password: "p", ok: 1 } });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordAudit(tx, { workspaceId: ws.id, actor: { kind: "SYSTEM", label: "t" }, action: "x.rolled_back" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const events = await db.prisma.auditEvent.findMany({ where: { workspaceId: ws.id } });
    expect(events.map((e) => e.action)).toEqual(["x.done"]);
    expect(events[0].details).toEqual({ password: "[redacted]", ok: 1 });
  });
});
