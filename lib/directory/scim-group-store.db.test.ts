// A big group's member list, built as JSON by the database, is shared by the readers who arrive
// while it is being built — and never handed to one who arrived after a write it does not show.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/engines";
import type { RawSql } from "@/lib/db/raw-sql";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { seedGroup, seedMember, seedWorkspace } from "@/lib/members/testing";
import { membersJsonOfGroup } from "./scim-group-store";

describe(`a group's member list as JSON (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    workspaceId = (await seedWorkspace(db.prisma, "Lists")).workspace.id;
  });
  afterAll(async () => db?.close());

  const memberCount = (json: Buffer | null) => (json === null ? 0 : (JSON.parse(json.toString("utf8")) as unknown[]).length);

  it("readers who arrive during a build wait and share the next one, which shows the write they arrived after", async () => {
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((n) => seedMember(db.prisma, workspaceId, { userName: `${n}@lists.test` })));
    const group = await seedGroup(db.prisma, workspaceId, "Shared", [a.id, b.id]);
    // A handle whose first member-list build has read its rows but holds its answer until released.
    let builds = 0;
    let firstHasRead!: () => void;
    const firstRead = new Promise<void>((resolve) => (firstHasRead = resolve));
    let releaseFirst!: () => void;
    const firstReleased = new Promise<void>((resolve) => (releaseFirst = resolve));
    const held: RawSql = {
      $queryRaw: async <T,>(query: Prisma.Sql) => {
        const isBuild = query.strings.join("?").includes("json_agg");
        const n = isBuild ? ++builds : 0;
        const rows = await db.sql.$queryRaw<T>(query);
        if (n === 1) {
          firstHasRead();
          await firstReleased;
        }
        return rows;
      },
      $executeRaw: (query: Prisma.Sql) => db.sql.$executeRaw(query),
    };
    const base = "https://x/Users/";

    const first = membersJsonOfGroup(held, group.id, base);
    await firstRead;
    await db.prisma.groupMembership.create({ data: { groupId: group.id, memberId: c.id, workspaceId } });
    const later = Array.from({ length: 5 }, () => membersJsonOfGroup(held, group.id, base));
    const otherBase = membersJsonOfGroup(held, group.id, "https://y/Users/"); // another key: its own build
    releaseFirst();

    expect(memberCount(await first)).toBe(2);
    const answers = await Promise.all(later);
    expect(answers.map(memberCount)).toEqual([3, 3, 3, 3, 3]);
    expect(new Set(answers).size).toBe(1); // one copy, shared
    expect((await otherBase)?.toString("utf8")).toContain("https://y/Users/");
    expect(builds).toBe(3); // the first, one shared by the five, and the other base URL's
  });
});
