import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { memberId, memberUserName, seededUuid } from "./ids";
import { parseConfig, pushCpuNote, selected } from "./run";
import {
  INTERLEAVED_SLICES,
  deepStartIndexFor,
  floorScenarios,
  measurementUnits,
  newPerson,
  runLoads,
  scimScenarios,
  sliceOrder,
  spread,
  userNameFilter,
  type LoadScenario,
} from "./scenarios";
import { planDirectory } from "./seed";
import { readFileSync } from "node:fs";
import { parseProcStatBusyTicks, parseStatCpuTicks, parseStatCpuTicksWithChildren, parseStatPpid, parseStatusMemory, startScriptNodeArgs } from "./server";

const directory = planDirectory({ label: "t", members: 1000, adminPassword: "x" });
const plan = { directory, runId: "run1", deepStartIndex: deepStartIndexFor(1000) };

/** Builds `count` consecutive requests of a template, as autocannon would. */
function draw(templates: ReturnType<ReturnType<typeof scimScenarios>[number]["requests"]>, count: number) {
  const [t] = templates;
  return Array.from({ length: count }, () => t.setupRequest!({ ...t, headers: {} }, {}));
}

describe("ids", () => {
  it("are valid version-4 UUIDs, stable and distinct", () => {
    const id = seededUuid("a");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededUuid("a")).toBe(id);
    expect(memberId("t", 1)).not.toBe(memberId("t", 2));
  });
});

describe("spread", () => {
  it("visits every member of 1..n exactly once per n draws", () => {
    for (const n of [1, 7, 1000, 48_271 * 2]) {
      const seen = new Set(Array.from({ length: n }, (_, k) => spread(k, n)));
      expect(seen.size).toBe(n);
      expect(Math.min(...seen)).toBe(1);
      expect(Math.max(...seen)).toBe(n);
    }
  });
});

describe("newPerson", () => {
  it("names each new person after a different seeded member, so their keys sort beside that member's", () => {
    const n = 1000;
    const people = Array.from({ length: 50 }, (_, k) => newPerson("new-r1", k, n));
    expect(new Set(people.map((p) => p.userName)).size).toBe(50);
    for (const [k, p] of people.entries()) {
      const j = spread(k, n);
      // Just before the seeded member's own userName: '.' sorts before '@'.
      expect(p.userName.startsWith(`user${j}.`)).toBe(true);
      expect([p.userName, memberUserName(j)].sort()).toEqual([p.userName, memberUserName(j)]);
      expect(p.familyName.startsWith(`Family${j}.`)).toBe(true);
      expect(p.externalId.startsWith(`ext-${j}.`)).toBe(true);
    }
    // Consecutive creates land far apart in the seeded order, not on one hot page.
    const gaps = people.slice(1).map((_, k) => Math.abs(spread(k + 1, n) - spread(k, n)));
    expect(Math.min(...gaps)).toBeGreaterThan(10);
  });
});

describe("scimScenarios", () => {
  const scenarios = scimScenarios(plan);
  const byId = (id: string) => scenarios.find((s) => s.id === id)!;

  it("covers every scenario of the brief, reads before writes", () => {
    expect(scenarios.map((s) => s.id)).toEqual([
      "next.health",
      "users.filter-userName",
      "users.get",
      "users.list-first",
      "users.list-deep",
      "groups.get-big-excluded",
      "groups.get-big-full",
      "users.put",
      "users.create",
      "users.patch-active",
      "groups.patch-add-small",
      "groups.patch-add-big",
      "groups.patch-add-role",
    ]);
  });

  it("varies the looked-up userName and the fetched id on every request", () => {
    const lookups = draw(byId("users.filter-userName").requests(), 50).map((r) => r.path!);
    expect(new Set(lookups).size).toBe(50);
    expect(lookups[0]).toBe(`/api/v2/scim/Users?filter=${encodeURIComponent(userNameFilter("user1@bench.example"))}`);
    const gets = draw(byId("users.get").requests(), 50).map((r) => r.path!);
    expect(new Set(gets).size).toBe(50);
    expect(gets.every((p) => /^\/api\/v2\/scim\/Users\/[0-9a-f-]{36}$/.test(p))).toBe(true);
  });

  it("creates a distinct userName per request, also across runs of the same scenario", () => {
    const create = byId("users.create");
    const names = [...draw(create.requests(), 30), ...draw(create.requests(), 30)].map((r) => JSON.parse(String(r.body)).userName);
    expect(new Set(names).size).toBe(60);
    // Beside a seeded member's userName (newPerson), each run's names its own.
    expect(names.every((n: string) => /^user\d+\.new-run1-\d+@bench\.example$/.test(n))).toBe(true);
  });

  it("PUTs each member with its own userName", () => {
    for (const r of draw(byId("users.put").requests(), 20)) {
      const body = JSON.parse(String(r.body));
      expect(r.path).toBe(`/api/v2/scim/Users/${body.id}`);
      const i = Number(/^user(\d+)@/.exec(body.userName)![1]);
      expect(memberId("t", i)).toBe(body.id);
    }
  });

  it("adds a different non-member to a group on each request", () => {
    const adds = draw(byId("groups.patch-add-big").requests(), 100).map((r) => JSON.parse(String(r.body)).Operations[0].value[0].value);
    expect(new Set(adds).size).toBe(100);
    // The big group holds members 1..500: the first add is member 501.
    expect(adds[0]).toBe(memberId("t", 501));
    const bigMembers = new Set(Array.from({ length: 500 }, (_, i) => memberId("t", i + 1)));
    expect(adds.some((id) => bigMembers.has(id))).toBe(false);
  });

  it("continues the sequence in the next run (warm-up, then each concurrency)", () => {
    const s = scimScenarios(plan).find((x) => x.id === "groups.patch-add-small")!;
    const first = draw(s.requests(), 3).map((r) => JSON.parse(String(r.body)).Operations[0].value[0].value);
    const second = draw(s.requests(), 3).map((r) => JSON.parse(String(r.body)).Operations[0].value[0].value);
    expect(second.some((id) => first.includes(id))).toBe(false);
  });

  it("notes when the pool of members to add wrapped around", () => {
    const s = byId("groups.patch-add-small");
    draw(s.requests(), 500);
    expect(s.note?.()).toBeUndefined();
    draw(s.requests(), 501);
    expect(s.note?.()).toMatch(/wrapped/);
  });

  it("disables each member once, and notes when PATCH active=false ran out of members", () => {
    const s = byId("users.patch-active");
    const paths = draw(s.requests(), 1_000).map((r) => r.path);
    expect(new Set(paths).size).toBe(1_000);
    expect(s.note?.()).toBeUndefined();
    // Warm-up and concurrency levels share the pool: the next run continues it and wraps past it.
    draw(s.requests(), 1);
    expect(s.note?.()).toMatch(/pool of 1000 wrapped/);
  });

  it("lists from the deep page (90% into the directory)", () => {
    expect(deepStartIndexFor(100_000)).toBe(90_001);
    expect(draw(byId("users.list-deep").requests(), 1)[0].path).toBe("/api/v2/scim/Users?startIndex=901&count=100");
  });

  it("gives the floor the same variation", () => {
    const [lookup, insert] = floorScenarios(plan);
    expect(new Set(draw(lookup.requests(), 20).map((r) => r.path)).size).toBe(20);
    expect(new Set(draw(insert.requests(), 20).map((r) => r.body)).size).toBe(20);
  });
});

describe("interleaved measurement", () => {
  const plan = { directory: planDirectory({ label: "t", members: 1000, adminPassword: "x" }), runId: "r", deepStartIndex: 901 };
  const ids = (units: LoadScenario[][]) => units.map((unit) => unit.map((s) => s.id));

  it("measures create with PATCH, and the three group adds, as sets; every other scenario alone", () => {
    const units = ids(measurementUnits(scimScenarios(plan)));
    expect(units).toContainEqual(["users.create", "users.patch-active"]);
    expect(units).toContainEqual(["groups.patch-add-small", "groups.patch-add-big", "groups.patch-add-role"]);
    expect(units.flat()).toEqual(scimScenarios(plan).map((s) => s.id));
    expect(units.filter((unit) => unit.length > 1)).toHaveLength(2);
  });

  it("keeps what is selected: a set of one is measured alone, the floor's scenarios are never sets", () => {
    const only = scimScenarios(plan).filter((s) => ["users.get", "users.patch-active", "groups.patch-add-small", "groups.patch-add-role"].includes(s.id));
    expect(ids(measurementUnits(only))).toEqual([["users.get"], ["users.patch-active"], ["groups.patch-add-small", "groups.patch-add-role"]]);
    expect(ids(measurementUnits(floorScenarios(plan)))).toEqual([["baseline.lookup"], ["baseline.insert"]]);
  });

  it("alternates the order of rounds, so a steady drift falls on each scenario alike", () => {
    expect([0, 1, 2, 3].flatMap((round) => sliceOrder(["A", "B"], round)).join("")).toBe("ABBAABBA");
    expect([0, 1].flatMap((round) => sliceOrder(["A", "B", "C"], round)).join("")).toBe("ABCCBA");
  });

  it("runs each scenario's slices in that order and sums them into one row each", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url!);
      res.end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const scenario = (id: string): LoadScenario => ({ id, title: id, requests: () => [{ method: "GET", path: `/${id}` }] });
    let settled = 0;
    try {
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const measured = await runLoads([scenario("a"), scenario("b")], { baseUrl, engine: "postgres", connections: 2, durationS: 1.2, warmupS: 0 }, async () => {
        settled++;
      });
      // The order requests arrived in, runs of the same path collapsed: a b | b a | a b | b a.
      const order = seen.map((url) => url.slice(1));
      const collapse = (paths: string[]) => paths.filter((path, i, all) => path !== all[i - 1]).join("");
      expect(collapse(order)).toBe(collapse(Array.from({ length: INTERLEAVED_SLICES }, (_, round) => sliceOrder(["a", "b"], round)).flat()));
      expect(settled).toBe(2 * INTERLEAVED_SLICES);
      for (const { result, windows } of measured) {
        expect(windows).toHaveLength(INTERLEAVED_SLICES);
        // Every answered request counted; a slice's last ones (at most one per connection) were cut off by its end.
        const arrived = seen.filter((url) => url === `/${result.id}`).length;
        expect(result.requests).toBeGreaterThan(INTERLEAVED_SLICES * 2);
        expect(arrived - result.requests).toBeGreaterThanOrEqual(0);
        expect(arrived - result.requests).toBeLessThanOrEqual(2 * INTERLEAVED_SLICES);
        // Four slices of 0.3 s each: a slice lasts its share, not a whole second (autocannon's tick).
        expect(result.durationS).toBeGreaterThan(1.1);
        expect(result.durationS).toBeLessThan(1.8);
        expect(result.rps).toBeCloseTo(result.requests / result.durationS, 6);
        expect(result.note).toBe(`measured in ${INTERLEAVED_SLICES} slices alternating with ${result.id === "a" ? "b" : "a"}`);
      }
    } finally {
      server.close();
    }
  });
});

describe("parseConfig", () => {
  it("defaults to the full run of the brief", () => {
    const cfg = parseConfig([], {});
    expect(cfg).toMatchObject({ quick: false, members: 100_000, durationS: 10, connections: [10, 50], push: { users: 10_000, clients: 10 }, groupBuild: { batches: 50, batchSize: 100 } });
  });
  it("scales everything down in quick mode, and flags override", () => {
    expect(parseConfig(["--quick"], {})).toMatchObject({ members: 2_000, durationS: 1, connections: [10] });
    expect(parseConfig(["--quick", "--members", "5000", "--connections", "5,20"], {})).toMatchObject({ members: 5_000, connections: [5, 20] });
  });
  it("sizes the embedded engine's run: 20,000 members (the PATCH scenario needs a fresh member per request), Members page at 100,000, 5 s warm-up (quick: small, 2 s)", () => {
    expect(parseConfig([], {})).toMatchObject({ embedded: { members: 20_000, uiMembers: 100_000, warmupS: 5 } });
    expect(parseConfig(["--quick"], {})).toMatchObject({ embedded: { members: 1_000, uiMembers: 1_000, warmupS: 2 } });
    expect(parseConfig(["--embedded-members", "3000", "--embedded-ui-members", "2000", "--embedded-warmup", "0"], {})).toMatchObject({
      embedded: { members: 3_000, uiMembers: 3_000, warmupS: 0 }, // never shrinks below the directory
    });
  });
  it("rejects nonsense", () => {
    expect(() => parseConfig(["--connections", "ten"], {})).toThrow(/connections/);
    expect(() => parseConfig(["--members", "-1"], {})).toThrow(/members/);
    expect(() => parseConfig(["--bogus"], {})).toThrow();
  });
  it("selects scenarios by id prefix", () => {
    expect(selected([], "users.get")).toBe(true);
    expect(selected(["groups"], "users.get")).toBe(false);
    expect(selected(["groups", "users.g"], "users.get")).toBe(true);
  });
});

describe("/proc parsing", () => {
  it("reads the parent pid even when the command name has spaces and parens", () => {
    expect(parseStatPpid("4242 (next-server (v16)) S 4200 4242 4242 0 -1")).toBe(4200);
  });
  it("reads utime + stime", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat = "4242 (next-server (v16)) S 4200 4242 4242 0 -1 4194560 100 0 0 0 1234 56 7 8 20 0";
    expect(parseStatCpuTicks(stat)).toBe(1290);
    expect(parseStatCpuTicksWithChildren(stat)).toBe(1305);
  });
  it("reads the machine's busy ticks from /proc/stat", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(parseProcStatBusyTicks("cpu  100 2 30 5000 40 1 6 7 0 0\ncpu0 50 1 15 2500 20 0 3 3 0 0\n")).toBe(146);
  });
  it("reads VmRSS and VmHWM", () => {
    const status = "Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    expect(parseStatusMemory(status)).toEqual({ rssKb: 102_400, hwmKb: 204_800 });
  });
});

describe("startScriptNodeArgs", () => {
  const script = "NEXT_TELEMETRY_DISABLED=1 NODE_ENV=production node --max-old-space-size=${ROSTER_MAX_HEAP_MB:-192} .next/roster-server.mjs";
  it("takes the flags between node and the bundle, with the default when the variable is unset", () => {
    expect(startScriptNodeArgs(script, {})).toEqual(["--max-old-space-size=192"]);
  });
  it("uses the variable when set, and the default when it is empty (as sh does for :-)", () => {
    expect(startScriptNodeArgs(script, { ROSTER_MAX_HEAP_MB: "512" })).toEqual(["--max-old-space-size=512"]);
    expect(startScriptNodeArgs(script, { ROSTER_MAX_HEAP_MB: "" })).toEqual(["--max-old-space-size=192"]);
  });
  it("refuses a start script that does not run the server bundle", () => {
    expect(() => startScriptNodeArgs("next start", {})).toThrow(/roster-server\.mjs/);
  });
  it("reads this checkout's npm start: the bench runs the server with the same heap limit and WebAssembly compiler", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
    expect(startScriptNodeArgs(pkg.scripts.start, {})).toEqual(["--max-old-space-size=192", "--no-liftoff"]);
  });
});

describe("pushCpuNote", () => {
  it("turns tick differences into seconds and the machine's busy share of all cores", () => {
    const before = { server: 1000, pg: 500, machine: 10_000, at: 0 };
    const after = { server: 1910, pg: 1120, machine: 12_000, at: 10_000 };
    expect(pushCpuNote(before, after, 2)).toBe("CPU: server 9.1 s, PostgreSQL 6.2 s, machine 100% busy (2 cores)");
    expect(pushCpuNote(before, { ...after, machine: 11_000 }, 2)).toContain("machine 50% busy");
  });
});

