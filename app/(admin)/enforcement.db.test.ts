// Server-side enforcement (issue 19): every admin server action and every admin page (and layout),
// called DIRECTLY as an Editor, a Viewer and a Guest — not through the UI — is refused when the
// role lacks the permission, with a "not allowed" result or a redirect to /not-allowed, and an
// `access.denied` audit event. The action and page modules are found on disk: a new action or page
// that is missing from the tables below fails this test until someone decides who may use it.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { runWithSession } from "@/lib/auth/session-override";
import { formData, seedGroup, seedMember, seedWorkspace } from "@/lib/members/testing";
import { can, type Permission } from "@/lib/permissions/roles";
import type { MemberRole } from "@/lib/generated/prisma/enums";

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const ADMIN_DIR = path.join(__dirname);

/** Every server action under app/(admin), by "<file>#<export>", and the permission it requires. */
const ACTION_PERMISSIONS: Record<string, Permission> = {
  "members/actions.ts#changeRoleAction": "members.changeRole",
  "members/actions.ts#setActiveAction": "members.setActive",
  "members/groups/actions.ts#setGroupRoleAction": "groups.mapRole",
  "settings/api/actions.ts#createTokenAction": "settings.manage",
  "settings/api/actions.ts#revokeTokenAction": "settings.manage",
  "settings/scim/actions.ts#setScimEnabledAction": "settings.manage",
  "settings/sso/actions.ts#saveSsoConnectionAction": "settings.manage",
  "settings/sso/actions.ts#deleteSsoConnectionAction": "settings.manage",
  "settings/sso/actions.ts#setRequireSsoAction": "settings.manage",
  "settings/sso/actions.ts#setBreakGlassAction": "settings.manage",
  "settings/scim/actions.ts#setScimManagesManualMembersAction": "settings.manage",
  "settings/email/actions.ts#inviteMemberAction": "members.invite",
  "settings/email/actions.ts#resendInvitationAction": "members.resendInvitation",
};

/** Every page and layout under app/(admin), and the permission it requires. */
const PAGE_PERMISSIONS: Record<string, Permission> = {
  "layout.tsx": "members.view",
  "members/page.tsx": "members.view",
  "members/[id]/page.tsx": "members.view",
  "members/roles/page.tsx": "members.view",
  "members/groups/page.tsx": "groups.view",
  "members/groups/[id]/page.tsx": "groups.view",
  "activity/page.tsx": "activity.view",
  "settings/layout.tsx": "settings.manage",
  "settings/api/page.tsx": "settings.manage",
  "settings/scim/page.tsx": "settings.manage",
  "settings/sso/page.tsx": "settings.manage",
  "settings/email/page.tsx": "settings.manage",
};
/** Pages that only redirect elsewhere (no data of their own). */
const REDIRECT_ONLY = ["settings/page.tsx"];

async function filesNamed(names: string[], dir = ADMIN_DIR, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesNamed(names, path.join(dir, entry.name), rel)));
    else if (names.includes(entry.name)) out.push(rel);
  }
  return out.sort();
}

type Action = (state: null, data: FormData) => Promise<unknown>;
type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>>; children?: unknown }) => Promise<unknown>;

async function loadActions(): Promise<Map<string, Action>> {
  const actions = new Map<string, Action>();
  for (const file of await filesNamed(["actions.ts"])) {
    const mod = (await import(/* @vite-ignore */ path.join(ADMIN_DIR, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (typeof value === "function") actions.set(`${file}#${name}`, value as Action);
  }
  return actions;
}

/** What redirect() threw, as the path it redirects to (or null when the page rendered). */
async function redirectOf(run: () => Promise<unknown>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2];
    throw error;
  }
}

describe(`server-side enforcement of roles (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  let members: Record<MemberRole, { id: string }>;
  let targets: { admin: string; viewer: string; invited: string; group: string; token: string };

  beforeAll(async () => {
    db = await openProcessTestDatabase();
    const { workspace, admin } = await seedWorkspace(db.prisma);
    workspaceId = workspace.id;
    const seed = (name: string, role: MemberRole, status: "ACTIVE" | "INVITED" = "ACTIVE") =>
      seedMember(db.prisma, workspaceId, { userName: `${name}@${workspace.slug}.test`, role, status });
    members = { ADMIN: admin, EDITOR: await seed("editor", "EDITOR"), VIEWER: await seed("viewer", "VIEWER"), GUEST: await seed("guest", "GUEST") };
    const invited = await seed("invited", "VIEWER", "INVITED");
    const group = await seedGroup(db.prisma, workspaceId, "Roster Admins");
    const token = await db.prisma.apiToken.create({ data: { workspaceId, name: "t", tokenHash: "h", prefix: "p", createdByLabel: "x" } });
    targets = { admin: admin.id, viewer: (await seed("target", "VIEWER")).id, invited: invited.id, group: group.id, token: token.id };
  }, 60_000);
  afterAll(() => closeProcessTestDatabase(db));

  const as = <T,>(role: MemberRole, fn: () => Promise<T>) => runWithSession({ memberId: members[role].id, workspaceId }, fn);
  const denials = () => db.prisma.auditEvent.count({ where: { workspaceId, action: "access.denied", outcome: "FAILURE" } });

  /** A form each action would accept from an Admin (so a refusal is the permission's doing). */
  const formFor = (key: string) =>
    formData(
      {
        "members/actions.ts#changeRoleAction": { memberId: targets.admin, role: "VIEWER" },
        "members/actions.ts#setActiveAction": { memberId: targets.admin, active: "false" },
        "members/groups/actions.ts#setGroupRoleAction": { groupId: targets.group, role: "ADMIN" },
        "settings/api/actions.ts#createTokenAction": { name: "sneaky" },
        "settings/api/actions.ts#revokeTokenAction": { tokenId: targets.token },
        "settings/scim/actions.ts#setScimEnabledAction": { enabled: "false" },
        "settings/scim/actions.ts#setScimManagesManualMembersAction": { enabled: "true" },
        "settings/email/actions.ts#inviteMemberAction": { email: `new-${Date.now()}@x.test`, givenName: "N", familyName: "N", role: "ADMIN" },
        "settings/email/actions.ts#resendInvitationAction": { memberId: targets.invited },
      }[key] ?? {},
    );

  it("every server action under app/(admin) is in the permission table (a new one must be added, with its permission)", async () => {
    expect([...(await loadActions()).keys()].sort()).toEqual(Object.keys(ACTION_PERMISSIONS).sort());
  });

  it("every page and layout under app/(admin) is in the permission table", async () => {
    const files = await filesNamed(["page.tsx", "layout.tsx"]);
    expect(files.filter((f) => !REDIRECT_ONLY.includes(f))).toEqual(Object.keys(PAGE_PERMISSIONS).sort());
  });

  for (const role of ["EDITOR", "VIEWER", "GUEST"] as const) {
    it(`${role}: every action their role lacks is refused with a not-allowed result and audited; nothing changes`, async () => {
      const actions = await loadActions();
      const before = await db.prisma.member.findMany({ where: { workspaceId }, orderBy: { id: "asc" }, select: { id: true, role: true, status: true } });
      let refused = 0;
      for (const [key, action] of actions) {
        if (can({ role }, ACTION_PERMISSIONS[key])) continue;
        const denied = await denials();
        const result = await as(role, () => action(null, formFor(key)));
        expect(result, key).toMatchObject({ ok: false, code: "not-allowed", message: expect.stringMatching(/not allow|Only admins/i) });
        expect(await denials(), `${key} audited`).toBe(denied + 1);
        refused++;
      }
      expect(refused).toBe(Object.values(ACTION_PERMISSIONS).filter((p) => !can({ role }, p)).length);
      expect(await db.prisma.member.findMany({ where: { workspaceId }, orderBy: { id: "asc" }, select: { id: true, role: true, status: true } })).toEqual(before);
      expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).scimEnabled).toBe(true);
      expect(await db.prisma.apiToken.count({ where: { workspaceId, revokedAt: null } })).toBe(1);
      expect((await db.prisma.group.findUniqueOrThrow({ where: { id: targets.group } })).grantsRole).toBeNull();
    });

    it(`${role}: every page their role lacks redirects to /not-allowed (audited)`, async () => {
      for (const [file, permission] of Object.entries(PAGE_PERMISSIONS)) {
        if (can({ role }, permission)) continue;
        const page = (await import(/* @vite-ignore */ path.join(ADMIN_DIR, file))).default as Page;
        const denied = await denials();
        const target = await redirectOf(() =>
          as(role, () => page({ params: Promise.resolve({ id: targets.viewer }), searchParams: Promise.resolve({}), children: null })),
        );
        expect(target, file).toBe(`/not-allowed?need=${permission}`);
        expect(await denials(), `${file} audited`).toBe(denied + 1);
      }
    });
  }

  it("Editors' allowed actions still stop at Admins and at the Admin role", async () => {
    const actions = await loadActions();
    const call = (key: string, fields: Record<string, string>) => as("EDITOR", () => actions.get(key)!(null, formData(fields)));
    // Each refusal is a not-allowed result and one access.denied event naming the rule.
    const refused = async (key: string, fields: Record<string, string>) => {
      const denied = await denials();
      expect(await call(key, fields), key).toMatchObject({ ok: false, code: "not-allowed", message: expect.stringMatching(/Only admins/) });
      expect(await denials(), `${key} audited`).toBe(denied + 1);
    };
    const invitedAdmin = await seedMember(db.prisma, workspaceId, { userName: `invited-admin-${Date.now()}@x.test`, role: "ADMIN", status: "INVITED" });
    await refused("members/actions.ts#changeRoleAction", { memberId: targets.admin, role: "VIEWER" });
    await refused("members/actions.ts#changeRoleAction", { memberId: targets.viewer, role: "ADMIN" });
    await refused("members/actions.ts#setActiveAction", { memberId: targets.admin, active: "false" });
    await refused("settings/email/actions.ts#inviteMemberAction", { email: `x-${Date.now()}@x.test`, givenName: "X", familyName: "Y", role: "ADMIN" });
    await refused("settings/email/actions.ts#resendInvitationAction", { memberId: invitedAdmin.id });
    const lastDenial = await db.prisma.auditEvent.findFirstOrThrow({ where: { workspaceId, action: "access.denied" }, orderBy: { createdAt: "desc" } });
    expect(lastDenial.details).toMatchObject({ permission: "members.resendInvitation", role: "EDITOR", refusal: "Only admins can resend an Admin's invitation." });
    expect(await db.prisma.invitation.count({ where: { memberId: invitedAdmin.id } })).toBe(0);
    expect((await db.prisma.member.findUniqueOrThrow({ where: { id: targets.admin } })).role).toBe("ADMIN");
    // ...and work for non-Admins, up to Editor.
    expect(await call("members/actions.ts#changeRoleAction", { memberId: targets.viewer, role: "EDITOR" })).toMatchObject({ ok: true });
    expect(await call("members/actions.ts#setActiveAction", { memberId: targets.viewer, active: "false" })).toMatchObject({ ok: true });
    expect(await call("settings/email/actions.ts#resendInvitationAction", { memberId: targets.invited })).toMatchObject({ ok: true });
  });
});
