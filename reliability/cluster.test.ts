// Reliability checks (issue 17) against two PRODUCTION instances (`npm start`'s server, built by
// `npm run build`) sharing one fresh PostgreSQL database: concurrent writes from 50 clients on one
// token, SIGKILL of an instance in the middle of a push, and database connections cut during a push.
// Loopback only. Run with `npm run test:reliability`; each scenario logs its duration and figures.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, createDatabase, GROUP_SCHEMA, NetworkError, patchOp, pool, ScimClient, scimUser, sleep, startInstance, Tally, type Answer } from "./support";

type Instance = Awaited<ReturnType<typeof startInstance>>;

const CLIENTS = 50;
const PUSH_USERS = Number(process.env.RELIABILITY_PUSH_USERS ?? 3000);
const CUT_USERS = Number(process.env.RELIABILITY_CUT_USERS ?? 600);

function report(scenario: string, startedAt: number, figures: Record<string, unknown>) {
  console.log(`[reliability] ${scenario}: ${((Date.now() - startedAt) / 1000).toFixed(1)} s ${JSON.stringify(figures)}`);
}

describe.sequential("two production instances on one PostgreSQL database", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: Instance;
  let b: Instance;
  let token: string;
  let sql: pg.Client;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createDatabase();
    // Started together: the migrator's advisory lock lets one migrate while the other waits.
    [a, b] = await Promise.all([startInstance(database.url, "a"), startInstance(database.url, "b")]);
    const slug = await cli(database.url, [
      "workspace", "create", "--name", "Reliability", "--admin-email", "admin@rel.test",
      "--admin-password", "Reliability-check-2026", "--admin-given-name", "Rel", "--admin-family-name", "Admin",
    ]);
    token = await cli(database.url, ["token", "create", "--workspace", slug, "--name", "reliability"]);
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    workspaceId = (await sql.query(`SELECT "id" FROM "Workspace" WHERE "slug" = $1`, [slug])).rows[0].id;
  }, 180_000);

  afterAll(async () => {
    await sql?.end().catch(() => undefined);
    await Promise.all([a?.stop(), b?.stop()]);
    if (database && !process.env.RELIABILITY_KEEP_DB) await database.drop();
  }, 60_000);

  const clients = (tally: Tally) => [new ScimClient(a.url, token, tally), new ScimClient(b.url, token, tally)];
  const rows = async (text: string, values: unknown[] = []) => (await sql.query(text, values)).rows;

  it("same userNames created concurrently in varying case on both instances: one user each, the rest 409", async () => {
    const started = Date.now();
    const tally = new Tally();
    const [ca, cb] = clients(tally);
    const names = Array.from({ length: 25 }, (_, i) => `dup-${i}@rel.test`);
    const variants = (name: string) => [name, name.toUpperCase(), name[0].toUpperCase() + name.slice(1), name.replace(/[aeiou]/g, (c) => c.toUpperCase())];
    const jobs = names.flatMap((name) => variants(name).map((userName) => ({ name, userName })));
    const results: { name: string; res: Answer }[] = [];
    await pool(jobs.length, CLIENTS, async (i) => {
      const res = await (i % 2 ? cb : ca).post("/Users", scimUser(jobs[i].userName));
      results.push({ name: jobs[i].name, res });
    });
    for (const name of names) {
      const mine = results.filter((r) => r.name === name).map((r) => r.res);
      expect(mine.map((r) => r.status).sort(), name).toEqual([201, 409, 409, 409]);
      for (const r of mine.filter((r) => r.status === 409)) expect(r.body.scimType).toBe("uniqueness");
    }
    const stored = await rows(
      `SELECT lower(m."userName") AS "name", count(DISTINCT m."id")::int AS "members", count(i."id")::int AS "invitations"
       FROM "Member" m LEFT JOIN "Invitation" i ON i."memberId" = m."id"
       WHERE m."workspaceId" = $1 AND lower(m."userName") LIKE 'dup-%' GROUP BY 1 ORDER BY 1`,
      [workspaceId],
    );
    expect(stored).toEqual([...names].sort().map((name) => ({ name, members: 1, invitations: 1 })));
    report("duplicate userNames", started, tally.summary());
  });

  it("concurrent member adds and removes on one group from both instances: the exact expected member set", async () => {
    const started = Date.now();
    const tally = new Tally();
    const [ca, cb] = clients(tally);
    const ids: string[] = Array(60);
    await pool(60, 10, async (i) => {
      const res = await (i % 2 ? cb : ca).post("/Users", scimUser(`grp-${i}@rel.test`));
      expect(res.status).toBe(201);
      ids[i] = res.body.id;
    });
    const initial = ids.slice(0, 30);
    const group = await ca.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "Reliability race", members: initial.map((value) => ({ value })) });
    expect(group.status).toBe(201);
    const gid: string = group.body.id;
    const versionBefore = (await rows(`SELECT "version" FROM "Group" WHERE "id" = $1`, [gid]))[0].version;
    // 20 removals of initial members and 30 additions of new ones, interleaved, 50 in flight at once.
    const removes = ids.slice(0, 20).map((id) => patchOp({ op: "remove", path: `members[value eq "${id}"]` }));
    const adds = ids.slice(30, 60).map((id) => patchOp({ op: "add", path: "members", value: [{ value: id }] }));
    const ops = adds.flatMap((add, i) => (i < removes.length ? [removes[i], add] : [add]));
    const statuses: number[] = [];
    await pool(ops.length, CLIENTS, async (i) => {
      statuses.push((await (i % 2 ? cb : ca).patch(`/Groups/${gid}`, ops[i])).status);
    });
    expect(statuses.filter((s) => s !== 200 && s !== 204)).toEqual([]);
    const expected = ids.slice(20, 60).sort();
    const stored = await rows(`SELECT "memberId" FROM "GroupMembership" WHERE "groupId" = $1 ORDER BY 1`, [gid]);
    expect(stored.map((r) => r.memberId)).toEqual(expected);
    const served = await cb.get(`/Groups/${gid}`);
    expect((served.body.members ?? []).map((m: { value: string }) => m.value).sort()).toEqual(expected);
    expect((await rows(`SELECT "version" FROM "Group" WHERE "id" = $1`, [gid]))[0].version).toBe(versionBefore + ops.length);
    report("group membership race", started, { ...tally.summary(), patches: ops.length, finalMembers: stored.length });
  });

  it("concurrent If-Match PUT/PATCH of one user from both instances: no lost update", async () => {
    const started = Date.now();
    const tally = new Tally();
    const [ca, cb] = clients(tally);
    const created = await ca.post("/Users", { ...scimUser("etag@rel.test"), title: "start" });
    expect(created.status).toBe(201);
    const uid: string = created.body.id;
    const versionBefore: number = (await rows(`SELECT "version" FROM "Member" WHERE "id" = $1`, [uid]))[0].version;
    // Each client reads the user, appends its own marker to `title`, and writes it back conditionally
    // (PUT of the whole resource or PATCH replace). A write based on a stale read must be refused (412),
    // else a marker written before it would vanish.
    const writes: { marker: string; status: number; etag: string | null }[] = [];
    await pool(CLIENTS, CLIENTS, async (c) => {
      const client = c % 2 ? cb : ca;
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await client.get(`/Users/${uid}`);
        expect(current.status).toBe(200);
        const etag = current.headers.get("etag")!;
        const marker = `c${c}a${attempt}`;
        const title = `${current.body.title}|${marker}`;
        const res =
          (c + attempt) % 2
            ? await client.patch(`/Users/${uid}`, patchOp({ op: "replace", path: "title", value: title }), { "If-Match": etag })
            : await client.put(`/Users/${uid}`, { ...current.body, meta: undefined, title }, { "If-Match": etag });
        writes.push({ marker, status: res.status, etag: res.headers.get("etag") });
      }
    });
    const won = writes.filter((w) => w.status === 200);
    expect(writes.filter((w) => w.status !== 200 && w.status !== 412)).toEqual([]);
    expect(won.length).toBeGreaterThan(0);
    expect(new Set(won.map((w) => w.etag)).size).toBe(won.length);
    const final = await rows(`SELECT "version", "title" FROM "Member" WHERE "id" = $1`, [uid]);
    expect(final[0].version).toBe(versionBefore + won.length);
    // Every accepted write is in the final value, once; no refused one is.
    expect((final[0].title as string).split("|").slice(1).sort()).toEqual(won.map((w) => w.marker).sort());
    report("If-Match writes", started, { ...tally.summary(), writes: writes.length, accepted: won.length, refused412: writes.length - won.length });
  });

  /**
   * Okta-style push of userNames: lookup by `userName eq`, POST if absent. A 5xx (after
   * min(Retry-After, 1 s)) or a failed connection is retried, a failed connection on another instance
   * (an instance that fails to connect is taken out of rotation, as a load balancer would).
   */
  async function push(opts: { userNames: string[]; instances: ScimClient[]; concurrency: number; tally: Tally; onProgress?: (done: number) => void }) {
    const up = new Set(opts.instances);
    let turn = 0;
    let done = 0;
    const outcome = { created: 0, foundOnRetry: 0, conflictOnRetry: 0 };
    const filter = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&attributes=userName`;
    await pool(opts.userNames.length, opts.concurrency, async (i) => {
      const userName = opts.userNames[i];
      for (let attempt = 0; ; attempt++) {
        if (attempt > 20) throw new Error(`${userName}: still failing after 20 retries`);
        if (attempt > 0) opts.tally.retries++;
        const live = [...up];
        if (live.length === 0) throw new Error("no instance left");
        const client = live[turn++ % live.length];
        let res: Answer;
        try {
          res = await client.get(filter(userName));
          if (res.status === 200 && res.body.totalResults > 0) {
            if (attempt === 0) throw new Error(`${userName} existed before it was pushed`);
            outcome.foundOnRetry++;
            break;
          }
          if (res.status === 200) res = await client.post("/Users", scimUser(userName));
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error;
          up.delete(client);
          continue;
        }
        if (res.status === 201 || (res.status === 409 && attempt > 0)) {
          outcome[res.status === 201 ? "created" : "conflictOnRetry"]++;
          break;
        }
        if (res.status < 500) throw new Error(`${userName}: unexpected ${res.status} ${JSON.stringify(res.body)}`);
        await sleep(Math.min(Number(res.headers.get("retry-after") ?? 1), 1) * 1000);
      }
      opts.onProgress?.(++done);
    });
    return outcome;
  }

  /** Members whose userName starts with prefix, their invitations and invitation emails: each exactly once. */
  async function expectOncePerUser(prefix: string, users: number) {
    const [m] = await rows(
      `SELECT count(*)::int AS "members", count(DISTINCT lower("userName"))::int AS "names" FROM "Member" WHERE "workspaceId" = $1 AND "userName" LIKE $2`,
      [workspaceId, `${prefix}%`],
    );
    expect(m).toEqual({ members: users, names: users });
    const [inv] = await rows(
      `SELECT count(*)::int AS "invitations", count(DISTINCT i."memberId")::int AS "invited"
       FROM "Invitation" i JOIN "Member" m ON m."id" = i."memberId" WHERE m."workspaceId" = $1 AND m."userName" LIKE $2`,
      [workspaceId, `${prefix}%`],
    );
    expect(inv).toEqual({ invitations: users, invited: users });
    const outbox = await rows(
      `SELECT o."status"::text AS "status", count(*)::int AS "emails", count(DISTINCT o."invitationId")::int AS "invitations"
       FROM "EmailOutbox" o JOIN "Invitation" i ON i."id" = o."invitationId" JOIN "Member" m ON m."id" = i."memberId"
       WHERE m."workspaceId" = $1 AND m."userName" LIKE $2 AND o."kind" = 'invitation' GROUP BY 1 ORDER BY 1`,
      [workspaceId, `${prefix}%`],
    );
    expect(outbox.filter((r) => !["QUEUED", "SENDING", "SENT"].includes(r.status))).toEqual([]);
    expect(outbox.reduce((n, r) => n + r.emails, 0)).toBe(users);
    const [perInvitation] = await rows(
      `SELECT count(*)::int AS "emails", count(DISTINCT o."invitationId")::int AS "invitations"
       FROM "EmailOutbox" o JOIN "Invitation" i ON i."id" = o."invitationId" JOIN "Member" m ON m."id" = i."memberId"
       WHERE m."workspaceId" = $1 AND m."userName" LIKE $2 AND o."kind" = 'invitation'`,
      [workspaceId, `${prefix}%`],
    );
    expect(perInvitation).toEqual({ emails: users, invitations: users });
    return Object.fromEntries(outbox.map((r) => [r.status, r.emails]));
  }

  it(`SIGKILL of one instance in the middle of a ${PUSH_USERS}-user push, retried on the other: every user once, one invitation each`, async () => {
    const started = Date.now();
    const tally = new Tally();
    const userNames = Array.from({ length: PUSH_USERS }, (_, i) => `push-${String(i).padStart(5, "0")}@rel.test`);
    let killedAt = -1;
    const outcome = await push({
      userNames,
      instances: clients(tally),
      concurrency: 16,
      tally,
      onProgress: (done) => {
        if (killedAt < 0 && done >= PUSH_USERS / 3) {
          killedAt = done;
          process.kill(-a.proc.pid, "SIGKILL");
        }
      },
    });
    expect(await a.proc.exited).toBe(null); // killed by the signal, not exited
    expect(b.proc.hasExited()).toBe(false);
    expect(killedAt).toBeGreaterThan(0);
    expect(tally.count(500)).toBe(0);
    const emails = await expectOncePerUser("push-", PUSH_USERS);
    report("SIGKILL mid-push", started, { ...tally.summary(), ...outcome, killedAfterUsers: killedAt, outbox: emails });
  }, 150_000);

  it(`PostgreSQL connections terminated during a ${CUT_USERS}-user push: 503 with Retry-After, never 500; the instance recovers`, async () => {
    const started = Date.now();
    const tally = new Tally();
    const client = new ScimClient(b.url, token, tally);
    const userNames = Array.from({ length: CUT_USERS }, (_, i) => `cut-${String(i).padStart(5, "0")}@rel.test`);
    let done = 0;
    let cutting = true;
    let cuts = 0;
    let terminated = 0;
    // Cut every connection to the database (but this one) every 250 ms from 10% to 70% of the push.
    const cutter = (async () => {
      while (cutting && done < CUT_USERS * 0.1) await sleep(20);
      while (cutting && done < CUT_USERS * 0.7) {
        const killed = await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database.name]);
        terminated += killed.rowCount ?? 0;
        cuts++;
        await sleep(250);
      }
    })();
    let outcome;
    try {
      outcome = await push({ userNames, instances: [client], concurrency: 10, tally, onProgress: (n) => (done = n) });
    } finally {
      cutting = false;
      await cutter;
    }
    const failures = [...tally.byStatus].filter(([status]) => status >= 400 && status !== 409);
    expect(failures.filter(([status]) => status !== 503)).toEqual([]);
    expect(tally.count(503)).toBeGreaterThan(0); // the cuts did hit requests in flight
    expect(tally.missingRetryAfter).toBe(0);
    expect(tally.networkErrors).toBe(0);
    expect(b.proc.hasExited()).toBe(false);
    // Recovered without a restart: a burst of lookups and a write all succeed.
    const after = await Promise.all(userNames.slice(0, 50).map((u) => client.get(`/Users?filter=${encodeURIComponent(`userName eq "${u}"`)}`)));
    expect(after.map((r) => `${r.status}:${r.body.totalResults}`)).toEqual(Array(50).fill("200:1"));
    expect((await client.post("/Users", scimUser("cut-after@rel.test"))).status).toBe(201);
    const emails = await expectOncePerUser("cut-0", CUT_USERS);
    // The instance's background outbox worker survived the cuts too: it keeps sending.
    const sent = async () => (await rows(`SELECT count(*)::int AS "n" FROM "EmailOutbox" WHERE "workspaceId" = $1 AND "status" = 'SENT'`, [workspaceId]))[0].n as number;
    const sentBefore = await sent();
    const deadline = Date.now() + 20_000;
    while ((await sent()) === sentBefore && Date.now() < deadline) await sleep(250);
    expect(await sent()).toBeGreaterThan(sentBefore);
    report("connections terminated mid-push", started, { ...tally.summary(), ...outcome, cuts, backendsTerminated: terminated, outbox: emails });
  }, 120_000);
});
