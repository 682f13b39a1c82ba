// One operation, measured on PostgreSQL (issue 19): adding ONE member to a 50,000-member group,
// through the SCIM route handler, when the group grants no role (the one-statement path) and when
// it grants Editor (transaction + role recompute for that member). Not the bench: a quick check.
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/measure-role-add.ts
import { Prisma } from "@/lib/generated/prisma/client";
import { closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, openScimTestDatabase, patchOp } from "@/lib/scim-http/test-support";

const SIZE = 50_000;
const ADDS = 200;

async function main() {
  const db = await openScimTestDatabase();
  try {
    const ws = await createTestWorkspace(db);
    await db.prisma.$executeRaw(Prisma.sql`
      INSERT INTO "Member" ("workspaceId", "userName", "status") SELECT ${ws.id}::uuid, 'u' || i || '@m.test', 'ACTIVE' FROM generate_series(1, ${SIZE + 2 * ADDS}::int) i`);
    const ids = (await db.prisma.member.findMany({ where: { workspaceId: ws.id }, orderBy: { userName: "asc" }, select: { id: true } })).map((m) => m.id);
    const timings: Record<string, number[]> = {};
    for (const [label, role] of [["no role", null], ["grants Editor", "EDITOR"]] as const) {
      const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `G ${label}` });
      await db.prisma.$executeRaw(Prisma.sql`
        INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId") SELECT ${group.body.id}::uuid, "id", ${ws.id}::uuid FROM "Member" WHERE "workspaceId" = ${ws.id}::uuid ORDER BY "userName" LIMIT ${SIZE}`);
      if (role) await db.prisma.group.update({ where: { id: group.body.id }, data: { grantsRole: role } });
      await db.prisma.$executeRawUnsafe(`ANALYZE`);
      const outside = ids.filter((_, i) => i >= SIZE).slice(role ? ADDS : 0, role ? 2 * ADDS : ADDS);
      const times: number[] = [];
      for (const [i, id] of outside.entries()) {
        const started = performance.now();
        const res = await ws.client.patch(`/Groups/${group.body.id}`, patchOp({ op: "add", path: "members", value: [{ value: id }] }));
        if (res.status !== 204) throw new Error(`${res.status} ${res.text}`);
        if (i >= 20) times.push(performance.now() - started); // after a warm-up
      }
      timings[label] = times.sort((a, b) => a - b);
      if (role) {
        const got = await db.prisma.member.count({ where: { id: { in: outside }, role } });
        if (got !== outside.length) throw new Error(`only ${got} of ${outside.length} got ${role}`);
      }
    }
    for (const [label, times] of Object.entries(timings)) {
      const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
      console.log(`add 1 member to a ${SIZE.toLocaleString("en-US")}-member group (${label}): p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms (n=${times.length}, sequential, in-process route handler)`);
    }
  } finally {
    await closeScimTestDatabase(db);
  }
}

void main();
