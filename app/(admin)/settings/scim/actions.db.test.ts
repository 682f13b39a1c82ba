import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { runWithSession } from "@/lib/auth/session-override";
import { seedMember, seedWorkspace } from "@/lib/members/testing";
import { setScimEnabledAction } from "./actions";

/** What every admin action answers anyone but a signed-in admin (lib/actions/result adminAction). */
const REFUSED = { ok: false, code: "not-allowed", message: expect.stringMatching(/^(You are not signed in\.|Your role does not allow this \(.+\)\. Ask a workspace admin\.)$/) };

vi.mock("next/cache", () => ({ revalidatePath: vi.fn(), revalidateTag: vi.fn() }));

const form = (enabled: string) => {
  const data = new FormData();
  data.set("enabled", enabled);
  return data;
};

describe(`SCIM settings action (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  it("an admin switches SCIM off and on (audited); bad input is rejected", async () => {
    const { workspace, admin } = await seedWorkspace(db.prisma);
    const as = <T>(fn: () => Promise<T>) => runWithSession({ memberId: admin.id, workspaceId: workspace.id }, fn);
    expect(await as(() => setScimEnabledAction(null, form("false")))).toEqual({ ok: true, message: "SCIM provisioning is off." });
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).scimEnabled).toBe(false);
    expect(await as(() => setScimEnabledAction(null, form("yes")))).toMatchObject({ ok: false });
    expect(await as(() => setScimEnabledAction(null, form("true")))).toMatchObject({ ok: true });
    expect(await db.prisma.auditEvent.count({ where: { workspaceId: workspace.id, action: { in: ["scim.enabled", "scim.disabled"] } } })).toBe(2);
  });

  it("non-admins get a not-allowed message (never a thrown error)", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    const viewer = await seedMember(db.prisma, workspace.id, { userName: "v@x.test", status: "ACTIVE" });
    await expect(runWithSession({ memberId: viewer.id, workspaceId: workspace.id }, () => setScimEnabledAction(null, form("false")))).resolves.toEqual(REFUSED);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).scimEnabled).toBe(true);
  });
});
