import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { runWithSession } from "@/lib/auth/session-override";
import { seedMember, seedWorkspace, formData } from "@/lib/members/testing";
import { inviteMemberAction, resendInvitationAction } from "./actions";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

describe(`email settings actions (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  it("an admin invites someone: member, invitation and queued email, with the admin's name as inviter", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const as = { memberId: admin.id, workspaceId: workspace.id };
    const result = await runWithSession(as, () => inviteMemberAction(null, formData({ email: " new@example.com ", givenName: "New ", familyName: " Person", role: "EDITOR" })));
    expect(result).toMatchObject({ ok: true });
    const member = await db.prisma.member.findFirstOrThrow({ where: { workspaceId: workspace.id, userName: "new@example.com" }, include: { invitations: true } });
    expect(member).toMatchObject({ status: "INVITED", source: "MANUAL", role: "EDITOR" });
    expect(member).toMatchObject({ givenName: "New", familyName: "Person", formattedName: "New Person", displayName: "New Person" });
    expect(member.invitations).toHaveLength(1);
    expect(member.invitations[0].invitedBy).toBe("Ada Admin");
    expect(await db.prisma.emailOutbox.count({ where: { invitationId: member.invitations[0].id, status: "QUEUED" } })).toBe(1);

    const named = { givenName: "Some", familyName: "One" };
    expect(await runWithSession(as, () => inviteMemberAction(null, formData({ email: "NEW@example.com", ...named, role: "VIEWER" })))).toEqual({
      ok: false,
      message: "NEW@example.com is already a member of this workspace.",
    });
    expect(await runWithSession(as, () => inviteMemberAction(null, formData({ email: "nope", ...named, role: "VIEWER" })))).toMatchObject({
      ok: false,
      fieldErrors: { email: "Enter an email address." },
    });
    expect(await runWithSession(as, () => inviteMemberAction(null, formData({ email: "x@example.com", ...named, role: "OWNER" })))).toMatchObject({
      ok: false,
      fieldErrors: { role: "Choose a role." },
    });
    // Given and family name are asked for: without them nothing is created.
    expect(await runWithSession(as, () => inviteMemberAction(null, formData({ email: "x@example.com", givenName: " ", role: "VIEWER" })))).toMatchObject({
      ok: false,
      fieldErrors: { givenName: "Enter a given name.", familyName: "Enter a family name." },
    });
    expect(await db.prisma.member.count({ where: { workspaceId: workspace.id, userName: "x@example.com" } })).toBe(0);
  });

  it("resend: admins only; revokes the old invitation and queues a new one", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const viewer = await seedMember(db.prisma, workspace.id, { userName: "viewer@example.com", status: "ACTIVE", role: "VIEWER" });
    await runWithSession({ memberId: admin.id, workspaceId: workspace.id }, () => inviteMemberAction(null, formData({ email: "r@example.com", givenName: "R", familyName: "Resent", role: "VIEWER" })));
    const member = await db.prisma.member.findFirstOrThrow({ where: { workspaceId: workspace.id, userName: "r@example.com" } });

    const denied = await runWithSession({ memberId: viewer.id, workspaceId: workspace.id }, () => resendInvitationAction(null, formData({ memberId: member.id })));
    expect(denied).toEqual({ ok: false, code: "not-allowed", message: "Your role does not allow this (resend invitations). Ask a workspace admin." });
    const signedOut = await runWithSession(null, () => inviteMemberAction(null, formData({ email: "z@example.com", givenName: "Z", familyName: "Zed", role: "VIEWER" })));
    expect(signedOut).toMatchObject({ ok: false });
    expect(await db.prisma.member.count({ where: { userName: "z@example.com" } })).toBe(0);

    const ok = await runWithSession({ memberId: admin.id, workspaceId: workspace.id }, () => resendInvitationAction(null, formData({ memberId: member.id })));
    expect(ok).toMatchObject({ ok: true, message: expect.stringContaining("r@example.com") });
    const invitations = await db.prisma.invitation.findMany({ where: { memberId: member.id }, orderBy: { createdAt: "asc" } });
    expect(invitations).toHaveLength(2);
    expect(invitations[0].revokedAt).not.toBeNull();
    expect(invitations[1].revokedAt).toBeNull();

    // Another workspace's admin cannot resend for this member.
    const other = await seedWorkspace(db.prisma, "Other");
    const foreign = await runWithSession({ memberId: other.admin.id, workspaceId: other.workspace.id }, () => resendInvitationAction(null, formData({ memberId: member.id })));
    expect(foreign).toEqual({ ok: false, message: "That member no longer exists in this workspace." });
  });
});
