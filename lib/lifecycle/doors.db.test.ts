// One rule, every door: the same transition run through the SCIM API (real route handler), an
// admin's server action (as a signed-in admin) and invitation acceptance must leave the same rows,
// the same audit facts and the same version. Each case makes two members in the same state and
// sends each through a different door.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { runWithSession } from "@/lib/auth/session-override";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { acceptInvitation } from "@/lib/invitations/accept";
import { formData } from "@/lib/members/testing";
import { closeScimTestDatabase, createTestWorkspaceWithAdmin, newUser, openScimTestDatabase, patchOp, type TestWorkspaceWithAdmin } from "@/lib/scim-http/test-support";
import { setActiveAction } from "@/app/(admin)/members/actions";
import { inviteMemberAction } from "@/app/(admin)/settings/email/actions";
import { CANCELLED } from "./invitations";
import { generateInvitationSecret } from "./invitation-secret";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

describe(`lifecycle doors agree (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspaceWithAdmin;
  let adminId: string;

  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspaceWithAdmin(db);
    adminId = ws.admin.id;
  });
  afterAll(() => closeScimTestDatabase(db));

  const asAdmin = <T>(fn: () => Promise<T>) => runWithSession({ memberId: adminId, workspaceId: ws.id }, fn);
  const provision = async (overrides: Record<string, unknown> = {}) => (await ws.client.post("/Users", newUser(overrides))).body.id as string;

  /** What a transition leaves behind, minus what legitimately differs by door (ids, actor, event prefix). */
  async function outcome(memberId: string, since: number) {
    const { userName, ...member } = await db.prisma.member.findUniqueOrThrow({ where: { id: memberId }, select: { userName: true, status: true, active: true, version: true, activatedAt: true } });
    const invitations = await db.prisma.invitation.findMany({ where: { memberId }, orderBy: { createdAt: "asc" }, select: { revokedAt: true, acceptedAt: true } });
    const emails = await db.prisma.emailOutbox.findMany({ where: { payload: { path: ["memberId"], equals: memberId } }, orderBy: { createdAt: "asc" }, select: { status: true, lastError: true } });
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: memberId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return {
      member: { ...member, activatedAt: member.activatedAt !== null },
      invitations: invitations.map((i) => ({ revoked: i.revokedAt !== null, accepted: i.acceptedAt !== null })),
      emails,
      // The door's vocabulary (scim.user.* vs member.*) is the only difference allowed.
      // Events one statement writes share a timestamp and their uuid v7 ids are random within a
      // millisecond: ordered by time, then by verb, so the comparison does not depend on chance.
      events: events
        .map((e) => ({ at: e.createdAt.getTime(), verb: e.action.replace(/^(scim\.user|member)\./, ""), outcome: e.outcome, details: withoutDoorFacts(e.details, userName) }))
        .sort((a, b) => a.at - b.at || a.verb.localeCompare(b.verb))
        .slice(since)
        .map(({ at: _at, ...event }) => event),
    };
  }
  const withoutDoorFacts = (details: unknown, userName: string) => {
    // Which request (method), which fresh rows (ids) and whose address differ by nature; every other fact must match.
    const { method: _method, invitationId: _invitation, outboxId: _outbox, ...rest } = details as Record<string, unknown>;
    return rest.to === userName ? { ...rest, to: "<the member's address>" } : rest;
  };
  const eventCount = (memberId: string) => db.prisma.auditEvent.count({ where: { targetId: memberId } });

  it("deactivating an invited member: SCIM and the admin both revoke the invitation and cancel its email", async () => {
    const bySCIM = await provision();
    const byAdmin = await provision();
    const [sinceScim, sinceAdmin] = [await eventCount(bySCIM), await eventCount(byAdmin)];

    expect((await ws.client.patch(`/Users/${bySCIM}`, patchOp({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect(await asAdmin(() => setActiveAction(null, formData({ memberId: byAdmin, active: "false" })))).toMatchObject({ ok: true });

    const scim = await outcome(bySCIM, sinceScim);
    expect(scim).toEqual(await outcome(byAdmin, sinceAdmin));
    expect(scim).toMatchObject({
      member: { status: "DISABLED", active: false, version: 2 },
      invitations: [{ revoked: true, accepted: false }],
      emails: [{ status: "FAILED", lastError: CANCELLED.deprovisioned }],
      events: [{ verb: "deactivated", details: { changed: ["active"], from: "INVITED", to: "DISABLED", invitationsRevoked: 1, source: "SCIM" } }],
    });
  });

  it("enabling a member created disabled: SCIM and the admin both send the first invitation, once", async () => {
    const bySCIM = await provision({ active: false });
    const byAdmin = await provision({ active: false });
    const [sinceScim, sinceAdmin] = [await eventCount(bySCIM), await eventCount(byAdmin)];

    expect((await ws.client.patch(`/Users/${bySCIM}`, patchOp({ op: "replace", path: "active", value: true }))).status).toBe(200);
    expect(await asAdmin(() => setActiveAction(null, formData({ memberId: byAdmin, active: "true" })))).toMatchObject({ ok: true });

    const scim = await outcome(bySCIM, sinceScim);
    expect(scim).toEqual(await outcome(byAdmin, sinceAdmin));
    expect(scim.member).toEqual({ status: "INVITED", active: true, version: 2, activatedAt: false });
    expect(scim.invitations).toEqual([{ revoked: false, accepted: false }]);
    expect(scim.emails).toEqual([{ status: "QUEUED", lastError: null }]);
    expect(scim.events.map((e) => e.verb).sort()).toEqual(["invitation.queued", "reactivated"]);
  });

  it("creating: a SCIM push and an admin's invitation both leave an INVITED member with one queued invitation", async () => {
    const userName = `invitee@${ws.slug}.test`;
    expect(await asAdmin(() => inviteMemberAction(null, formData({ email: userName, givenName: "Ivy", familyName: "Invitee", role: "VIEWER" })))).toMatchObject({ ok: true });
    const byAdmin = (await db.prisma.member.findFirstOrThrow({ where: { workspaceId: ws.id, userName } })).id;
    const bySCIM = await provision();
    const scim = await outcome(bySCIM, 0);
    const admin = await outcome(byAdmin, 0);
    expect(admin.member).toEqual(scim.member);
    expect(admin.member).toEqual({ status: "INVITED", active: true, version: 1, activatedAt: false });
    expect(admin.invitations).toEqual(scim.invitations);
    expect(admin.emails).toEqual(scim.emails);
    expect(admin.emails).toEqual([{ status: "QUEUED", lastError: null }]);
    expect(scim.events.map((e) => e.verb).sort()).toEqual(["created", "invitation.queued"]);
    expect(admin.events.map((e) => e.verb).sort()).toEqual(["invitation.queued", "invited"]);
  });

  it("a disabled member cannot be re-disabled through either door (no event, no version bump)", async () => {
    const id = await provision({ active: false });
    const before = await outcome(id, 0);
    expect((await ws.client.patch(`/Users/${id}`, patchOp({ op: "replace", path: "active", value: false }))).status).toBe(200);
    expect(await asAdmin(() => setActiveAction(null, formData({ memberId: id, active: "false" })))).toEqual({ ok: true, message: "Member was already deactivated." });
    expect(await outcome(id, 0)).toEqual(before);
  });

  it("accepting an invitation, then signing in: the invitation is used once, the other one revoked, the member ACTIVE", async () => {
    const id = await provision();
    // A second open invitation (as a resend would leave): accepting one revokes the other.
    const [first] = await db.prisma.invitation.findMany({ where: { memberId: id } });
    const { secret, hash } = generateInvitationSecret();
    await db.prisma.invitation.update({ where: { id: first.id }, data: { tokenHash: hash, expiresAt: new Date(Date.now() + 86_400_000) } });
    await db.prisma.invitation.create({ data: { workspaceId: ws.id, memberId: id, invitedBy: "okta" } });

    expect(await acceptInvitation(db, { secret, password: "a long enough password" })).toMatchObject({ ok: true });
    const userName = (await db.prisma.member.findUniqueOrThrow({ where: { id } })).userName;
    expect(await signInWithPassword(db, { workspaceSlug: ws.slug, email: userName, password: "a long enough password" })).toMatchObject({ ok: true, member: { status: "ACTIVE" } });

    const after = await outcome(id, 0);
    expect(after.member).toEqual({ status: "ACTIVE", active: true, version: 3, activatedAt: true });
    expect(after.invitations).toEqual([{ revoked: false, accepted: true }, { revoked: true, accepted: false }]);
    expect(after.events.map((e) => e.verb)).toEqual(expect.arrayContaining(["invitation.accepted", "activated", "signed_in"]));
  });
});
