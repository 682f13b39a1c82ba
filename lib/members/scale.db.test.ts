// The Members and Groups tabs at scale: seeds 20,000 members (generate_series, so it takes seconds
// on both engines), ANALYZEs, and checks that PostgreSQL's planner serves each list shape from the
// admin indexes — an index walk with no sort of the whole table, and OFFSET skipping cheap rows.
// (bench numbers at 100,000 members on PostgreSQL are in the admin UI report / README.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { listMembers, memberCountQuery, memberPageQuery, type ListMembersInput } from "./list-members";
import { listGroups } from "./list-groups";
import { getGroupDetail } from "./get-group";
import { seedWorkspace } from "./testing";
import { nameKey } from "./sql";

const N = 20_000;

describe(`member lists at scale (${testEngine}, ${N} members)`, () => {
  let db: Database;
  let ws: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    ws = (await seedWorkspace(p, "Scale")).workspace.id;
    await p.$executeRaw`
      INSERT INTO "Member"("workspaceId","userName","displayName","givenName","familyName","status","active","source","lastSignInAt","activatedAt","createdAt")
      SELECT ${ws}::uuid, 'user' || i || '@example.com',
        CASE WHEN i % 3 = 0 THEN NULL ELSE (ARRAY['Ada','Grace','Alan','Barbara'])[1 + i % 4] || ' ' || (ARRAY['Lovelace','Hopper','Turing','Liskov'])[1 + (i/4) % 4] || ' ' || i END,
        (ARRAY['Ada','Grace','Alan','Barbara'])[1 + i % 4], (ARRAY['Lovelace','Hopper','Turing','Liskov'])[1 + (i/4) % 4],
        (CASE WHEN i % 10 < 3 THEN 'ACTIVE' WHEN i % 10 < 9 THEN 'INVITED' ELSE 'DISABLED' END)::"MemberStatus",
        i % 10 <> 9, (CASE WHEN i % 10 < 3 THEN 'MANUAL' ELSE 'SCIM' END)::"RecordSource",
        CASE WHEN i % 10 < 3 THEN now() - (i || ' minutes')::interval END,
        CASE WHEN i % 10 < 3 THEN now() - (i || ' minutes')::interval END,
        now() - (i || ' seconds')::interval
      FROM generate_series(1, ${N}::int) i`;
    await p.$executeRaw`INSERT INTO "Group"("workspaceId","displayName") SELECT ${ws}::uuid, 'Group ' || g FROM generate_series(1, 120) g`;
    await p.$executeRaw`
      INSERT INTO "GroupMembership"("groupId","memberId","workspaceId")
      SELECT g."id", m."id", m."workspaceId" FROM "Member" m JOIN "Group" g ON g."displayName" = 'Group ' || (1 + abs(hashtext(m."id"::text)) % 120)
      WHERE m."workspaceId" = ${ws}::uuid`;
    await p.$executeRaw`
      INSERT INTO "GroupMembership"("groupId","memberId","workspaceId")
      SELECT g."id", m."id", m."workspaceId" FROM "Member" m CROSS JOIN "Group" g
      WHERE m."workspaceId" = ${ws}::uuid AND g."displayName" = 'Group 1' ON CONFLICT DO NOTHING`;
    // A few Admins and some Editors (the role filter's rare and common cases).
    await p.$executeRaw`UPDATE "Member" SET "role" = (CASE WHEN "userName" LIKE 'user%000@example.com' THEN 'ADMIN' ELSE 'EDITOR' END)::"MemberRole"
      WHERE "workspaceId" = ${ws}::uuid AND ("userName" LIKE 'user%000@example.com' OR "userName" LIKE 'user%2@example.com')`;
    await p.$executeRawUnsafe(`ANALYZE "Member"`);
    await p.$executeRawUnsafe(`ANALYZE "Group"`);
    await p.$executeRawUnsafe(`ANALYZE "GroupMembership"`);
  }, 180_000);
  afterAll(async () => db?.close());

  const explain = async (sql: Prisma.Sql) =>
    (await db.prisma.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN ${sql}`)).map((r) => r["QUERY PLAN"]).join("\n");
  const plan = (input: Partial<ListMembersInput> & { page?: number }) =>
    explain(memberPageQuery({ workspaceId: ws, status: "active", q: "", sort: "name", dir: "asc", page: 1, pageSize: 50, ...input }));
  // The inner (paging) query must be an index walk: a Sort node directly under the inner Limit
  // would mean sorting every matching member.
  const innerSorts = (p: string) => /Limit\s[^\n]*\n\s*->\s+Sort\b/.test(p);

  it.each([
    ["default: active by name", {}, "Member_ws_status_nameKey_idx"],
    ["invited by name, deep page", { status: "invited" as const, page: 200 }, "Member_ws_status_nameKey_idx"],
    ["invited by email", { status: "invited" as const, sort: "email" as const }, "Member_ws_status_userName_c_idx"],
    ["active by last sign-in", { sort: "lastSignIn" as const, dir: "desc" as const }, "Member_ws_status_lastSignIn_idx"],
  ])("%s walks %s", async (_label, input, index) => {
    const p = await plan(input);
    expect(p).toContain(index);
    expect(p).not.toContain("Append");
    expect(innerSorts(p)).toBe(false);
  });

  // "All statuses" has no index of its own: one walk per status, merged in order. A branch may
  // sort its own rows when the planner finds that cheaper (on a deep page it reads the small
  // DISABLED status whole), but the workspace is never sorted as one.
  it.each([
    ["all by name", { status: "all" as const }, "Member_ws_status_nameKey_idx", 3],
    ["all by name, deep page", { status: "all" as const, page: 300 }, "Member_ws_status_nameKey_idx", 2],
    ["all by email, descending", { status: "all" as const, sort: "email" as const, dir: "desc" as const }, "Member_ws_status_userName_c_idx", 3],
    ["all by last sign-in", { status: "all" as const, sort: "lastSignIn" as const, dir: "desc" as const }, "Member_ws_status_lastSignIn_idx", 3],
    ["all by last sign-in, ascending", { status: "all" as const, sort: "lastSignIn" as const, dir: "asc" as const }, "Member_ws_status_lastSignIn_idx", 3],
  ])("%s merges per-status walks of %s", async (_label, input, index, walks) => {
    const p = await plan(input);
    const merge = p.indexOf("Merge Append");
    expect(merge, p).toBeGreaterThan(-1);
    expect(p.split(index).length - 1, p).toBeGreaterThanOrEqual(walks);
    const firstSort = p.search(/->\s+Sort\s+\(/);
    expect(firstSort === -1 || firstSort > merge, p).toBe(true);
  });

  it("a selective prefix search uses the email, name and family-name indexes (BitmapOr)", async () => {
    const p = await plan({ status: "all", q: "user1234" });
    expect(p).toContain("BitmapOr");
    expect(p).toMatch(/Member_ws_status_userName_c_idx|Member_workspaceId_userName_key/);
    expect(p).toContain("Member_ws_status_nameKey_idx");
    expect(p).toContain("Member_ws_familyName_c_idx");
    // ...and then sorts the few matches (this also shows innerSorts() detects a sort).
    expect(innerSorts(p)).toBe(true);
  });

  it("the counts of a search use the same indexes, one range per status", async () => {
    const p = await explain(memberCountQuery(ws, "user1234"));
    expect(p).toContain("BitmapOr");
    expect(p).toMatch(/Index Cond: \(\("workspaceId" = '[0-9a-f-]+'::uuid\) AND \(status = ANY/);
    expect(p).toContain("Member_ws_status_nameKey_idx");
  });

  // The merged "all statuses" pages against one ORDER BY over the whole workspace.
  it.each([
    ["name", "asc", Prisma.sql`${nameKey("m")} ASC, m."id" ASC`],
    ["name", "desc", Prisma.sql`${nameKey("m")} DESC, m."id" DESC`],
    ["lastSignIn", "desc", Prisma.sql`m."lastSignInAt" DESC NULLS LAST, m."id" DESC`],
    ["lastSignIn", "asc", Prisma.sql`m."lastSignInAt" ASC NULLS FIRST, m."id" ASC`],
  ] as const)("all statuses by %s %s: page 123 is the workspace's rows 6,101-6,150", async (sort, dir, reference) => {
    const list = await listMembers(db.prisma, { workspaceId: ws, status: "all", sort, dir, page: 123 });
    const expected = await db.prisma.$queryRaw<{ id: string }[]>`
      SELECT m."id"::text AS "id" FROM "Member" m WHERE m."workspaceId" = ${ws}::uuid ORDER BY ${reference} LIMIT 50 OFFSET ${122 * 50}`;
    expect(list.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(new Set(list.rows.map((r) => r.status)).size).toBeGreaterThan(1);
  });

  it("the role filter finds a rare role (a few Admins) by the role index, not by walking every active member", async () => {
    const p = await plan({ role: "ADMIN" });
    expect(p).toContain("Member_workspaceId_role_status_idx");
    const admins = await listMembers(db.prisma, { workspaceId: ws, status: "all", role: "ADMIN" });
    // user1000, user2000, … user20000 (20) plus the seeded admin.
    expect(admins.counts.all).toBe(N / 1000 + 1);
    expect(admins.rows.every((r) => r.role === "ADMIN")).toBe(true);
    const editors = await listMembers(db.prisma, { workspaceId: ws, status: "active", role: "EDITOR" });
    expect(editors.rows.length).toBe(50);
    expect(editors.rows.every((r) => r.role === "EDITOR" && r.status === "ACTIVE")).toBe(true);
  });

  it("a reader without email access gets no addresses and cannot search by one", async () => {
    const byEmail = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "user12345@", withEmails: false });
    expect(byEmail.counts.all).toBe(0);
    const page = await listMembers(db.prisma, { workspaceId: ws, status: "active", withEmails: false });
    expect(page.rows.length).toBe(50);
    expect(page.rows.every((r) => r.userName === "" && r.otherEmail === null && !r.name.includes("@"))).toBe(true);
  });

  it("returns correct pages and counts at scale", async () => {
    const list = await listMembers(db.prisma, { workspaceId: ws });
    expect(list.counts.all).toBe(N + 1);
    expect(list.counts.active).toBe(N * 0.3 + 1);
    expect(list.counts.invited).toBe(N * 0.6);
    expect(list.counts.disabled).toBe(N * 0.1);
    const deep = await listMembers(db.prisma, { workspaceId: ws, status: "invited", page: 200 });
    expect(deep.rows).toHaveLength(50);
    expect(deep.rows.every((r) => r.status === "INVITED" && r.groupCount >= 1)).toBe(true);
    const names = deep.rows.map((r) => r.name.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
    const search = await listMembers(db.prisma, { workspaceId: ws, status: "all", q: "user12345@" });
    expect(search.rows.map((r) => r.userName)).toEqual(["user12345@example.com"]);
  });

  it("counts a 20,000-member group's active and pending members; its detail pages active members only", async () => {
    const groups = await listGroups(db.prisma, { workspaceId: ws, q: "group 1" });
    const big = groups.rows.find((g) => g.displayName === "Group 1")!;
    expect(big.activeCount).toBe(N * 0.3 + 1); // + the seeded admin
    expect(big.pendingCount).toBe(N * 0.6);
    expect(big.disabledCount).toBe(N * 0.1);
    const detail = await getGroupDetail(db.prisma, { workspaceId: ws, groupId: big.id, page: 3 });
    expect(detail?.members).toHaveLength(50);
    expect(detail?.pendingCount).toBe(N * 0.6);
    expect(detail?.pageCount).toBe(Math.ceil((N * 0.3 + 1) / 50));
  });
});
