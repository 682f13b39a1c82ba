// Lists and searches through the real route handlers: filters answered by SQL, sortBy/sortOrder,
// stable paging that sees every resource exactly once, totalResults by COUNT, count=0,
// projections on lists, the three .search endpoints, and no statement reading more rows than a page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { setDatabaseForProcess } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import {
  closeScimTestDatabase,
  createTestWorkspace,
  ENTERPRISE,
  GROUP_SCHEMA,
  LIST_RESPONSE,
  newUser,
  observeRawSql,
  openScimTestDatabase,
  SEARCH_REQUEST,
  type TestWorkspace,
} from "./test-support";

const FAMILY_NAMES = ["Zeta", "alpha", "Mu", "beta", "Alpha", "omega", null, "kappa", "Beta", null, "eta", "Iota"];

describe(`SCIM lists and search (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  const users: { id: string; userName: string; familyName: string | null }[] = [];
  let maxRowsPerStatement = 0;

  beforeAll(async () => {
    db = await openScimTestDatabase();
    const count = <T,>(result: T) => {
      if (Array.isArray(result)) maxRowsPerStatement = Math.max(maxRowsPerStatement, result.length);
      return result;
    };
    const counting = db.prisma.$extends({
      query: {
        async $allOperations({ args, query }) {
          return count(await query(args));
        },
      },
    });
    // The SCIM reads go straight on the driver where the engine allows it: counted there too.
    setDatabaseForProcess({ ...db, prisma: counting as unknown as PrismaClient, ...observeRawSql(db, { after: (_query, result) => count(result) }) });
    ws = await createTestWorkspace(db);
    for (let i = 0; i < 23; i++) {
      const familyName = FAMILY_NAMES[i % FAMILY_NAMES.length];
      const body = newUser({
        userName: `member${String(i).padStart(2, "0")}@${i % 2 ? "odd" : "even"}.example.com`,
        name: familyName === null ? { givenName: `G${i}` } : { givenName: `G${i}`, familyName },
        emails: [{ value: `m${i}@${i % 3 === 0 ? "work" : "home"}.example.com`, type: i % 3 === 0 ? "work" : "home", primary: true }],
        active: i % 4 !== 0,
        [ENTERPRISE]: { department: i < 5 ? "Sales" : "Engineering" },
      });
      const res = await ws.client.post("/Users", body);
      users.push({ id: res.body.id, userName: res.body.userName, familyName });
    }
    // Another workspace's users never count.
    const other = await createTestWorkspace(db);
    await other.client.post("/Users", newUser({ userName: "member00@even.example.com" }));
  });
  afterAll(async () => closeScimTestDatabase(db));

  async function allPages(query: string, count: number): Promise<string[]> {
    const seen: string[] = [];
    for (let start = 1; ; start += count) {
      const res = await ws.client.get(`/Users?${query}${query ? "&" : ""}startIndex=${start}&count=${count}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 23, startIndex: start });
      expect(res.body.itemsPerPage).toBe(res.body.Resources.length);
      if (res.body.Resources.length === 0) break;
      seen.push(...res.body.Resources.map((r: { id: string }) => r.id));
    }
    return seen;
  }

  it("pages through every user exactly once in creation order by default", async () => {
    const seen = await allPages("", 5);
    expect(seen).toEqual(users.map((u) => u.id));
  });

  it("pages with sortBy on a column with duplicates (case-insensitive) and missing values: each user once, in order", async () => {
    for (const order of ["ascending", "descending"] as const) {
      const seen = await allPages(`sortBy=name.familyName&sortOrder=${order}`, 4);
      expect(new Set(seen).size).toBe(23);
      expect(seen.sort()).toEqual(users.map((u) => u.id).sort());
      const page = await ws.client.get(`/Users?sortBy=name.familyName&sortOrder=${order}&count=23`);
      const names: (string | null)[] = page.body.Resources.map((r: { name?: { familyName?: string } }) => r.name?.familyName?.toLowerCase() ?? null);
      const present = names.filter((n): n is string => n !== null);
      const sorted = [...present].sort();
      expect(present).toEqual(order === "ascending" ? sorted : sorted.reverse());
      // Users without a family name come last either way.
      expect(names.slice(present.length).every((n) => n === null)).toBe(true);
    }
  });

  it("sorts by userName and by the primary email", async () => {
    const byUserName = await ws.client.get("/Users?sortBy=userName&sortOrder=descending&count=3");
    expect(byUserName.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(
      users.map((u) => u.userName).sort().reverse().slice(0, 3),
    );
    const byEmail = await ws.client.get("/Users?sortBy=emails&count=2");
    expect(byEmail.body.Resources.map((r: { emails: { value: string }[] }) => r.emails[0].value)).toEqual(["m0@work.example.com", "m10@home.example.com"]);
  });

  it("count=0 returns only totalResults; a page past the end is empty with the right total", async () => {
    const zero = await ws.client.get("/Users?count=0");
    expect(zero.body).toEqual({ schemas: [LIST_RESPONSE], totalResults: 23, startIndex: 1, itemsPerPage: 0, Resources: [] });
    const filtered = await ws.client.get('/Users?count=0&filter=userName ew "odd.example.com"');
    expect(filtered.body.totalResults).toBe(11);
    const past = await ws.client.get("/Users?startIndex=100&count=5");
    expect(past.body).toMatchObject({ totalResults: 23, startIndex: 100, itemsPerPage: 0, Resources: [] });
  });

  it("totalResults counts the filter's matches, not the page", async () => {
    const res = await ws.client.get('/Users?filter=userName ew "even.example.com"&count=3&startIndex=2');
    expect(res.body).toMatchObject({ totalResults: 12, itemsPerPage: 3, startIndex: 2 });
  });

  it("never reads more rows in one statement than the page holds", async () => {
    maxRowsPerStatement = 0;
    const res = await ws.client.get("/Users?startIndex=11&count=5");
    expect(res.body.Resources).toHaveLength(5);
    expect(maxRowsPerStatement).toBeLessThanOrEqual(5);
    // ...and the page's own rows were seen, so the statements were counted at all.
    expect(maxRowsPerStatement).toBe(5);
  });

  it("filters on many attributes through HTTP, with + for spaces", async () => {
    const count = async (filter: string) => (await ws.client.get(`/Users?filter=${filter}&count=0`)).body.totalResults;
    expect(await count('userName+eq+"MEMBER03@ODD.EXAMPLE.COM"')).toBe(1);
    expect(await count(encodeURIComponent('userName eq "member03@odd.example.com"'))).toBe(1);
    expect(await count('emails[type eq "work"]')).toBe(8);
    expect(await count('emails[type eq "work" and value co "m1"]')).toBe(3); // m12, m15, m18
    expect(await count("active eq false")).toBe(6);
    expect(await count(`${ENTERPRISE}:department eq "sales"`)).toBe(5);
    expect(await count('name.familyName eq "alpha"')).toBe(4);
    expect(await count("not (name.familyName pr)")).toBe(4);
    expect(await count('meta.created ge "2000-01-01T00:00:00Z"')).toBe(23);
    expect(await count('meta.lastModified lt "2000-01-01T00:00:00Z"')).toBe(0);
    expect(await count('userName eq "nobody@example.com"')).toBe(0);
  });

  it("rejects a malformed filter or an unknown attribute with 400 invalidFilter", async () => {
    for (const filter of ['userName eq', 'userName xx "a"', 'nosuchattr eq "x"', 'password eq "x"', '(userName eq "a"']) {
      const res = await ws.client.get(`/Users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe("invalidFilter");
    }
    const badSort = await ws.client.get("/Users?sortBy=password");
    expect(badSort.status).toBe(400);
  });

  it("applies attributes/excludedAttributes to every listed resource", async () => {
    const res = await ws.client.get("/Users?attributes=userName&count=3");
    for (const resource of res.body.Resources) expect(Object.keys(resource).sort()).toEqual(["id", "schemas", "userName"]);
    const excluded = await ws.client.get("/Users?excludedAttributes=emails,meta&count=3");
    for (const resource of excluded.body.Resources) {
      expect(resource.emails).toBeUndefined();
      expect(resource.meta).toBeUndefined();
      expect(resource.userName).toBeDefined();
    }
  });

  it("POST /Users/.search takes a SearchRequest", async () => {
    const res = await ws.client.post("/Users/.search", {
      schemas: [SEARCH_REQUEST],
      filter: 'userName sw "member1"',
      sortBy: "userName",
      sortOrder: "descending",
      startIndex: 1,
      count: 3,
      attributes: ["userName"],
    });
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(10);
    expect(res.body.Resources.map((r: { userName: string }) => r.userName)).toEqual([
      "member19@odd.example.com",
      "member18@even.example.com",
      "member17@odd.example.com",
    ]);
    expect(Object.keys(res.body.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
    const bad = await ws.client.post("/Users/.search", { filter: 'userName eq "x"' });
    expect(bad.status).toBe(400);
  });

  it("POST /Groups/.search and the root /.search (Users, then Groups, paged across both)", async () => {
    await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "member-group-a", members: [{ value: users[0].id }] });
    await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "member-group-b" });
    const groups = await ws.client.post("/Groups/.search", { schemas: [SEARCH_REQUEST], filter: 'displayName sw "MEMBER-"', excludedAttributes: ["members"] });
    expect(groups.body.totalResults).toBe(2);
    expect(groups.body.Resources.every((g: { members?: unknown }) => g.members === undefined)).toBe(true);

    const all = await ws.client.post("/.search", { schemas: [SEARCH_REQUEST], filter: 'displayName pr or userName sw "member2"', count: 100 });
    expect(all.status).toBe(200);
    // member20..22 (no displayName on users) + both groups
    expect(all.body.totalResults).toBe(5);
    expect(all.body.Resources.map((r: { schemas: string[] }) => r.schemas[0])).toEqual([
      ...Array(3).fill("urn:ietf:params:scim:schemas:core:2.0:User"),
      ...Array(2).fill(GROUP_SCHEMA),
    ]);
    const page = await ws.client.post("/.search", { schemas: [SEARCH_REQUEST], filter: 'displayName pr or userName sw "member2"', startIndex: 3, count: 2 });
    expect(page.body.totalResults).toBe(5);
    expect(page.body.Resources.map((r: { userName?: string; displayName?: string }) => r.userName ?? r.displayName)).toEqual([
      "member22@even.example.com",
      "member-group-a",
    ]);
    const unknown = await ws.client.post("/.search", { schemas: [SEARCH_REQUEST], filter: 'nosuch eq "x"' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.scimType).toBe("invalidFilter");
  });
});
