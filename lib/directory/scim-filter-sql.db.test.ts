// The filter → SQL translation against a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): a table of filters and the users/groups each must select, agreement with
// the in-memory evaluator (matchesFilter) on the same data, bind parameters for every value, and
// index use for `userName eq`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { parseFilter } from "@/lib/scim/filter/parser";
import { validateFilter } from "@/lib/scim/filter/validate";
import { matchesFilter } from "@/lib/scim/filter/evaluate";
import { USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA, GROUP_SCHEMA } from "@/lib/scim/schemas/types";
import { filterToSql, GROUP_TARGET, USER_TARGET } from "./scim-filter-sql";

interface Seed {
  userName: string;
  externalId?: string;
  displayName?: string;
  givenName?: string;
  familyName?: string;
  title?: string;
  active?: boolean;
  emails?: { value: string; type?: string; primary?: boolean }[];
  department?: string;
  employeeNumber?: string;
  managerValue?: string;
  phoneNumbers?: { value: string; type?: string }[];
  createdAt: string;
}

const SEEDS: Seed[] = [
  { userName: "Ada@Example.com", externalId: "ext-ada", displayName: "Ada Lovelace", givenName: "Ada", familyName: "Lovelace", title: "Engineer", emails: [{ value: "ada@example.com", type: "work", primary: true }, { value: "ada@home.org", type: "home" }], department: "R&D", employeeNumber: "100", managerValue: "m-1", phoneNumbers: [{ value: "+1 555 0100", type: "work" }], createdAt: "2026-01-01T00:00:00.000Z" },
  { userName: "grace@example.com", externalId: "EXT-GRACE", displayName: "Grace Hopper", givenName: "Grace", familyName: "Hopper", title: "Admiral", emails: [{ value: "grace@navy.mil", type: "work" }], department: "Navy", employeeNumber: "200", createdAt: "2026-02-01T00:00:00.000Z" },
  { userName: "alan@example.org", displayName: "Alan Turing", givenName: "Alan", familyName: "Turing", active: false, emails: [{ value: "alan@example.org", type: "other", primary: true }], department: "R&D", createdAt: "2026-03-01T00:00:00.000Z" },
  { userName: "linus@kernel.org", givenName: "Linus", title: "", emails: [], createdAt: "2026-04-01T00:00:00.000Z" },
  { userName: "100%_sure\\x@example.com", displayName: "Percent_Under", emails: [{ value: "weird@example.com", type: "work" }], createdAt: "2026-05-01T00:00:00.000Z" },
];

describe(`SCIM filter → SQL (${testEngine})`, () => {
  let db: Database;
  let workspaceId: string;
  const ids = new Map<string, string>();
  const groupIds = new Map<string, string>();
  const resources: Record<string, unknown>[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const ws = await db.prisma.workspace.create({ data: { name: "Filter", slug: "filter" } });
    const other = await db.prisma.workspace.create({ data: { name: "Other", slug: "other" } });
    workspaceId = ws.id;
    for (const seed of SEEDS) {
      const member = await db.prisma.member.create({
        data: {
          workspaceId,
          userName: seed.userName,
          externalId: seed.externalId,
          displayName: seed.displayName,
          givenName: seed.givenName,
          familyName: seed.familyName,
          title: seed.title,
          active: seed.active ?? true,
          emails: seed.emails ?? [],
          department: seed.department,
          employeeNumber: seed.employeeNumber,
          managerValue: seed.managerValue,
          extra: seed.phoneNumbers ? { phoneNumbers: seed.phoneNumbers } : {},
          createdAt: new Date(seed.createdAt),
          updatedAt: new Date(seed.createdAt),
        },
      });
      ids.set(seed.userName, member.id);
      // The same user as a SCIM resource, for the in-memory evaluator.
      resources.push({
        schemas: [USER_SCHEMA],
        id: member.id,
        userName: seed.userName,
        ...(seed.externalId && { externalId: seed.externalId }),
        ...(seed.displayName && { displayName: seed.displayName }),
        name: { ...(seed.givenName && { givenName: seed.givenName }), ...(seed.familyName && { familyName: seed.familyName }) },
        ...(seed.title !== undefined && { title: seed.title }),
        active: seed.active ?? true,
        emails: seed.emails ?? [],
        ...(seed.phoneNumbers && { phoneNumbers: seed.phoneNumbers }),
        [ENTERPRISE_USER_SCHEMA]: {
          ...(seed.department && { department: seed.department }),
          ...(seed.employeeNumber && { employeeNumber: seed.employeeNumber }),
          ...(seed.managerValue && { manager: { value: seed.managerValue } }),
        },
        meta: { resourceType: "User", created: seed.createdAt, lastModified: seed.createdAt },
      });
    }
    // Same userName in another workspace: must never be selected.
    await db.prisma.member.create({ data: { workspaceId: other.id, userName: "ada@example.com", displayName: "Ada Lovelace" } });
    for (const [name, members] of [["Engineering", ["Ada@Example.com", "alan@example.org"]], ["Navy", ["grace@example.com"]], ["Empty", []]] as const) {
      const group = await db.prisma.group.create({ data: { workspaceId, displayName: name } });
      groupIds.set(name, group.id);
      for (const userName of members) {
        await db.prisma.groupMembership.create({ data: { groupId: group.id, memberId: ids.get(userName)!, workspaceId } });
      }
    }
  });
  afterAll(async () => db?.close());

  async function usersMatching(text: string): Promise<string[]> {
    const filter = parseFilter(text);
    validateFilter(filter, USER_RESOURCE_TYPE);
    const rows = await db.prisma.$queryRaw<{ userName: string }[]>(Prisma.sql`
      SELECT m."userName" FROM "Member" m WHERE m."workspaceId" = ${workspaceId}::uuid AND ${filterToSql(filter, USER_TARGET)}
      ORDER BY m."createdAt"`);
    return rows.map((r) => r.userName);
  }

  async function groupsMatching(text: string): Promise<string[]> {
    const filter = parseFilter(text);
    validateFilter(filter, GROUP_RESOURCE_TYPE);
    const rows = await db.prisma.$queryRaw<{ displayName: string }[]>(Prisma.sql`
      SELECT g."displayName" FROM "Group" g WHERE g."workspaceId" = ${workspaceId}::uuid AND ${filterToSql(filter, GROUP_TARGET)}
      ORDER BY g."displayName"`);
    return rows.map((r) => r.displayName);
  }

  const [ADA, GRACE, ALAN, LINUS, WEIRD] = SEEDS.map((s) => s.userName);

  const userCases: [string, string[]][] = [
    ['userName eq "ada@example.com"', [ADA]],
    ['USERNAME EQ "ADA@EXAMPLE.COM"', [ADA]],
    ['userName ne "ada@example.com"', [GRACE, ALAN, LINUS, WEIRD]],
    ['userName sw "a"', [ADA, ALAN]],
    ['userName ew ".ORG"', [ALAN, LINUS]],
    ['userName co "example"', [ADA, GRACE, ALAN, WEIRD]],
    ['userName co "%"', [WEIRD]],
    ['userName co "_"', [WEIRD]],
    ['userName co "\\\\x"', [WEIRD]],
    ['userName gt "grace@example.com"', [LINUS]],
    ['userName le "alan@example.org"', [ADA, ALAN, WEIRD]],
    ['externalId eq "ext-ada"', [ADA]],
    ['externalId eq "EXT-ADA"', []],
    ['externalId pr', [ADA, GRACE]],
    ['not (externalId pr)', [ALAN, LINUS, WEIRD]],
    ['externalId eq null', [ALAN, LINUS, WEIRD]],
    ['displayName co "lace"', [ADA]],
    ['name.givenName eq "grace"', [GRACE]],
    ['name.familyName sw "t"', [ALAN]],
    ['name pr', [ADA, GRACE, ALAN, LINUS]],
    ['title pr', [ADA, GRACE]],
    ['title ne "Engineer"', [GRACE, ALAN, LINUS, WEIRD]],
    ['active eq false', [ALAN]],
    ['active eq true and userName sw "a"', [ADA]],
    ['active ne true', [ALAN]],
    ['emails eq "grace@navy.mil"', [GRACE]],
    ['emails.value ew "@example.com"', [ADA, WEIRD]],
    ['emails[type eq "work" and value co "ada"]', [ADA]],
    ['emails[type eq "home"]', [ADA]],
    ['emails[primary eq true]', [ADA, ALAN]],
    ['emails[not (type eq "work")]', [ADA, ALAN]],
    // Entra ID's matching attribute: attr[valFilter].subAttr op value ≡ attr[valFilter and subAttr op value].
    ['emails[type eq "work"].value eq "ada@example.com"', [ADA]],
    ['EMAILS[TYPE eq "WORK"].VALUE eq "ADA@EXAMPLE.COM"', [ADA]],
    ['emails[type eq "work"].value eq "ada@home.org"', []], // Ada's home address, not a work one
    ['emails[type eq "work"].value eq "nobody@example.com"', []],
    ['emails[type eq "work"].value ew "@example.com"', [ADA, WEIRD]],
    ['emails[type eq "home"].value pr', [ADA]],
    ['emails[type eq "work" or type eq "other"].value sw "a"', [ADA, ALAN]],
    ['not (emails[type eq "work"].value eq "ada@example.com")', [GRACE, ALAN, LINUS, WEIRD]],
    ['emails[type eq "work"].value eq "grace@navy.mil" and active eq true', [GRACE]],
    ['phoneNumbers[type eq "work"].value sw "+1 555"', [ADA]],
    ['emails pr', [ADA, GRACE, ALAN, WEIRD]],
    ['not (emails pr)', [LINUS]],
    ['emails.type ne "work"', [ALAN, LINUS]],
    ['phoneNumbers[type eq "work"]', [ADA]],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d"', [ADA, ALAN]],
    ['department eq "Navy"', [GRACE]],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber ge "150"', [GRACE]],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1"', [ADA]],
    ['meta.created gt "2026-02-15T00:00:00Z"', [ALAN, LINUS, WEIRD]],
    ['meta.created le "2026-02-01T00:00:00.000Z"', [ADA, GRACE]],
    ['meta.lastModified lt "2026-01-15T00:00:00Z"', [ADA]],
    ['meta.created eq "2026-03-01T00:00:00Z"', [ALAN]],
    ['(userName sw "a" or userName sw "g") and not (active eq false)', [ADA, GRACE]],
    ['userName eq "nobody@example.com"', []],
  ];

  it.each(userCases)("users: %s", async (text, expected) => {
    expect(await usersMatching(text)).toEqual(expected);
  });

  it.each(userCases)("users agree with the in-memory evaluator: %s", async (text) => {
    const filter = parseFilter(text);
    const inMemory = resources.filter((r) => matchesFilter(r, filter, { resourceType: USER_RESOURCE_TYPE })).map((r) => r.userName);
    expect(await usersMatching(text)).toEqual(inMemory);
  });

  it("matches ids exactly, and an id that is not a UUID matches nothing", async () => {
    expect(await usersMatching(`id eq "${ids.get(GRACE)}"`)).toEqual([GRACE]);
    expect(await usersMatching(`id eq "not-a-uuid"`)).toEqual([]);
    expect(await usersMatching(`id ne "not-a-uuid"`)).toHaveLength(SEEDS.length);
  });

  it("filters users by group membership (groups.value, groups.display)", async () => {
    expect(await usersMatching(`groups.value eq "${groupIds.get("Engineering")}"`)).toEqual([ADA, ALAN]);
    expect(await usersMatching(`groups eq "${groupIds.get("Navy")}"`)).toEqual([GRACE]);
    expect(await usersMatching('groups.display eq "navy"')).toEqual([GRACE]);
    expect(await usersMatching("not (groups pr)")).toEqual([LINUS, WEIRD]);
  });

  it("filters groups on displayName and members", async () => {
    expect(await groupsMatching('displayName eq "ENGINEERING"')).toEqual(["Engineering"]);
    expect(await groupsMatching(`members.value eq "${ids.get(GRACE)}"`)).toEqual(["Navy"]);
    expect(await groupsMatching(`members[value eq "${ids.get(ALAN)}"]`)).toEqual(["Engineering"]);
    expect(await groupsMatching(`members eq "${ids.get(ADA)}"`)).toEqual(["Engineering"]);
    expect(await groupsMatching('members.display co "hopper"')).toEqual(["Navy"]);
    expect(await groupsMatching("members pr")).toEqual(["Engineering", "Navy"]);
    expect(await groupsMatching("not (members pr)")).toEqual(["Empty"]);
    expect(await groupsMatching(`displayName sw "e" and members.value ne "${ids.get(ADA)}"`)).toEqual(["Empty"]);
    // attr[valFilter].subAttr op value on Groups too
    expect(await groupsMatching(`members[type eq "User"].value eq "${ids.get(ALAN)}"`)).toEqual(["Engineering"]);
    expect(await groupsMatching(`members[value eq "${ids.get(GRACE)}"].display co "hopper"`)).toEqual(["Navy"]);
    expect(await groupsMatching(`members[value eq "${ids.get(ADA)}"].display co "hopper"`)).toEqual([]);
    expect(await groupsMatching(`members[type eq "Group"].value eq "${ids.get(ALAN)}"`)).toEqual([]);
  });

  it("rejects unknown and unfilterable attributes with 400 invalidFilter", () => {
    const reject = (text: string, target = USER_TARGET) => {
      try {
        filterToSql(parseFilter(text), target);
      } catch (error) {
        return error as { status: number; scimType: string };
      }
      throw new Error(`accepted ${text}`);
    };
    expect(reject('password eq "x"')).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(reject('nosuch eq "x"')).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(reject('meta.location eq "x"')).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(reject('meta.created co "2026"')).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(reject('meta.created gt "yesterday"')).toMatchObject({ status: 400, scimType: "invalidFilter" });
    expect(reject('userName eq "x"', GROUP_TARGET)).toMatchObject({ status: 400, scimType: "invalidFilter" });
  });

  it("sends every value as a bind parameter, never in the SQL text", () => {
    const hostile = `x'); DROP TABLE "Member"; --`;
    const sql = filterToSql(parseFilter(`userName eq ${JSON.stringify(hostile)} or emails[value co ${JSON.stringify(hostile)}] or title sw ${JSON.stringify(hostile)}`), USER_TARGET);
    expect(sql.sql).not.toContain("DROP");
    expect(sql.values.filter((v) => String(v).includes("DROP"))).toHaveLength(3);
  });

  it.runIf(testEngine === "postgres")("answers `userName eq` from the unique index on lower(userName) in byte order", async () => {
    const filter = parseFilter('userName eq "ada@example.com"');
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`
        EXPLAIN SELECT m."id" FROM "Member" m WHERE m."workspaceId" = ${workspaceId}::uuid AND ${filterToSql(filter, USER_TARGET)}`);
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain("Member_workspaceId_userName_key");
  });

  it("keeps GROUP_SCHEMA paths resolvable", async () => {
    expect(await groupsMatching(`${GROUP_SCHEMA}:displayName eq "navy"`)).toEqual(["Navy"]);
  });
});
