// changeMemberById: the common change in ONE statement, the rest in the locked transaction. The
// one-statement path must leave exactly what changeMember in the locked transaction (the path every
// change took before, and still the admin door's) leaves: each case applies the same change to two
// members in the same state, one each way, and compares rows, invitations, emails, events and the
// returned row. Statement counts are checked on the SQL actually sent, through the SCIM route too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { setDatabaseForProcess } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import type { RawSql } from "@/lib/db/raw-sql";
import { findMember, type MemberRow, type MemberWritable } from "@/lib/directory/scim-user-store";
import { closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, newUser, observeRawSql, openScimTestDatabase, patchOp, type TestWorkspace } from "@/lib/scim-http/test-support";
import type { Door } from "./door";
import { LastAdminError, VersionMismatchError } from "./errors";
import { CANCELLED, resendInvitation } from "./invitations";
import { changeMember, changeMemberById, createMember } from "./members";

describe(`changeMemberById: one statement or the locked transaction, same outcome (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  /** Statements sent (SQL text), and transactions begun, since the last reset. */
  let statements: string[] = [];
  let transactions = 0;
  let observed: Pick<Database, "sql" | "sqlTransaction">;

  beforeAll(async () => {
    db = await openScimTestDatabase();
    // The SCIM rate limiter's count flush (lib/scim-http/rate-limit.ts) is sent in the background
    // when its window turns, so it can fall inside a measured request: it is not the request's work.
    const recording = observeRawSql(db, {
      before: (query) => {
        const text = query.strings.join("?");
        if (!text.includes(`"ScimRateWindow"`)) statements.push(text);
      },
    });
    observed = {
      sql: recording.sql,
      sqlTransaction: (work) => {
        transactions++;
        return recording.sqlTransaction(work);
      },
    };
    setDatabaseForProcess({ ...db, ...observed });
    ws = await createTestWorkspace(db);
  });
  afterAll(() => closeScimTestDatabase(db));

  const reset = () => {
    statements = [];
    transactions = 0;
  };
  const door: Door = { kind: "scim", actor: { kind: "TOKEN", id: "token-1", label: "okta" }, requestId: "req-1" };
  let seq = 0;

  /** A SCIM-provisioned member (INVITED, one queued invitation), optionally moved to another state. */
  async function provision(state: { status?: "ACTIVE" | "DISABLED"; signedIn?: boolean; role?: "ADMIN" } = {}): Promise<string> {
    const userName = `m${seq++}-${Date.now().toString(36)}@change.test`;
    const data = { userName, emails: [{ value: userName, primary: true }], active: true, title: "Engineer" } as unknown as MemberWritable;
    const { row } = await createMember(db.sql, door, { workspaceId: ws.id, data });
    if (state.status || state.role) {
      const signedIn = state.signedIn ?? state.status === "ACTIVE";
      await db.prisma.member.update({
        where: { id: row.id },
        data: { status: state.status, active: state.status !== "DISABLED", activatedAt: signedIn ? new Date() : null, role: state.role, manualRole: state.role },
      });
    }
    return row.id;
  }

  type Change = { columns: Partial<MemberWritable>; passwordHash?: string };
  const auditDetails = { method: "PATCH" };

  /** Through changeMemberById (the one-statement path when the rules allow). */
  const byId = (memberId: string, change: Change, prepare?: (db: RawSql, current: MemberRow) => Promise<void>) =>
    changeMemberById(observed.sql, observed.sqlTransaction, door, {
      workspaceId: ws.id,
      memberId,
      prepare: async (handle, current) => {
        await prepare?.(handle, current);
        return { ...change, auditDetails };
      },
    });

  /** Through the locked transaction, as every change ran before changeMemberById. */
  const locked = (memberId: string, change: Change) =>
    db.sqlTransaction(async (tx) => {
      const current = await findMember(tx, ws.id, memberId, { withGroups: false, forUpdate: true });
      return changeMember(tx, door, { workspaceId: ws.id, current: current!, ...change, auditDetails });
    });

  /** Everything a change leaves, minus what differs between two members by nature (ids, userName, times). */
  async function outcome(memberId: string) {
    const { id: _id, userName, emails: _emails, createdAt: _c, updatedAt: _u, activatedAt, lastSignInAt: _l, passwordHash, ...member } = await db.prisma.member.findUniqueOrThrow({ where: { id: memberId } });
    const invitations = await db.prisma.invitation.findMany({ where: { memberId }, orderBy: { createdAt: "asc" }, select: { revokedAt: true, acceptedAt: true } });
    const emails = await db.prisma.emailOutbox.findMany({ where: { payload: { path: ["memberId"], equals: memberId } }, orderBy: { createdAt: "asc" }, select: { status: true, lastError: true } });
    const events = await db.prisma.auditEvent.findMany({ where: { targetId: memberId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return {
      member: { ...member, activatedAt: activatedAt !== null, passwordSet: passwordHash !== null },
      invitations: invitations.map((i) => ({ revoked: i.revokedAt !== null, accepted: i.acceptedAt !== null })),
      emails,
      // The member's two creation events come from one statement, in no particular order.
      events: events
        .map(({ id: _e, createdAt: _t, targetId: _target, targetLabel, details, ...event }) => ({ ...event, labelIsUserName: targetLabel === userName, details: withoutIds(details, userName) }))
        .map((event, i, all) => (i < 2 ? all.slice(0, 2).sort((a, b) => a.action.localeCompare(b.action))[i] : event)),
    };
  }
  const withoutIds = (details: unknown, userName: string) => {
    const { invitationId: _i, outboxId: _o, ...rest } = details as Record<string, unknown>;
    return rest.to === userName ? { ...rest, to: "<the member's address>" } : rest;
  };
  const returned = (row: MemberRow) => {
    const { id: _id, userName: _n, emails: _e, createdAt: _c, updatedAt: _u, activatedAt, ...rest } = row;
    return { ...rest, activatedAt: activatedAt !== null };
  };

  /** Applies `change` to two members made by `make`, one each way; returns the one-statement path's outcome. */
  async function sameBothWays(make: () => Promise<string>, change: Change) {
    const [fast, slow] = [await make(), await make()];
    reset();
    const viaId = await byId(fast, change);
    const sent = { statements: statements.length, transactions };
    const viaLock = await locked(slow, change);
    expect(viaId).not.toBeNull();
    expect({ ...viaId!, row: returned(viaId!.row) }).toEqual({ ...viaLock, row: returned(viaLock.row) });
    const result = await outcome(fast);
    expect(result).toEqual(await outcome(slow));
    return { result, sent };
  }

  it("disabling an invited member: ONE write statement after the read, no transaction; invitation revoked, email cancelled, sessions ended", async () => {
    const { result, sent } = await sameBothWays(() => provision(), { columns: { active: false } });
    expect(sent).toEqual({ statements: 2, transactions: 0 });
    expect(result.member).toMatchObject({ status: "DISABLED", active: false, version: 2, sessionGeneration: 1 });
    expect(result.invitations).toEqual([{ revoked: true, accepted: false }]);
    expect(result.emails).toEqual([{ status: "FAILED", lastError: CANCELLED.deprovisioned }]);
    expect(result.events.at(-1)).toMatchObject({
      action: "scim.user.deactivated",
      labelIsUserName: true,
      details: { method: "PATCH", changed: ["active"], from: "INVITED", to: "DISABLED", source: "SCIM", invitationsRevoked: 1, sessionsEnded: true },
    });
  });

  it("disabling a signed-in member along with other attributes: one statement, no invitations to end", async () => {
    const { result, sent } = await sameBothWays(() => provision({ status: "ACTIVE" }), { columns: { active: false, title: "Former engineer", displayName: "Gone" } });
    expect(sent).toEqual({ statements: 2, transactions: 0 });
    expect(result.member).toMatchObject({ status: "DISABLED", title: "Former engineer", displayName: "Gone", version: 2, sessionGeneration: 1 });
    expect(result.events.at(-1)?.details).toEqual({ method: "PATCH", changed: ["active", "title", "displayName"], from: "ACTIVE", to: "DISABLED", source: "SCIM", sessionsEnded: true });
  });

  it("re-enabling a member who signed in before, and a profile change: one statement each", async () => {
    const enabled = await sameBothWays(() => provision({ status: "DISABLED", signedIn: true }), { columns: { active: true } });
    expect(enabled.sent).toEqual({ statements: 2, transactions: 0 });
    expect(enabled.result.member).toMatchObject({ status: "ACTIVE", active: true, version: 2, sessionGeneration: 0 });
    const profile = await sameBothWays(() => provision(), { columns: { title: "Lead" } });
    expect(profile.sent).toEqual({ statements: 2, transactions: 0 });
    expect(profile.result.events.at(-1)?.details).toEqual({ method: "PATCH", changed: ["title"], source: "SCIM" });
  });

  it("a change that changes nothing writes nothing: the read only", async () => {
    const id = await provision();
    const before = await outcome(id);
    reset();
    expect(await byId(id, { columns: { active: true, title: "Engineer" } })).toMatchObject({ changed: false, invitationsRevoked: 0 });
    expect({ statements: statements.length, transactions }).toEqual({ statements: 1, transactions: 0 });
    expect(await outcome(id)).toEqual(before);
  });

  it("the rare cases take the locked transaction and end the same: an admin, a first invitation, a password", async () => {
    await provision({ status: "ACTIVE", role: "ADMIN" }); // so the admins below are not the last
    for (const [make, change] of [
      [() => provision({ status: "ACTIVE", role: "ADMIN" }), { columns: { active: false } }],
      [() => provision({ status: "DISABLED", signedIn: false }), { columns: { active: true } }],
      [() => provision({ status: "ACTIVE" }), { columns: {}, passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA" }],
    ] as const) {
      const { sent } = await sameBothWays(make, change);
      expect(sent.transactions).toBe(1);
    }
  });

  it("the last active admin cannot be disabled: LastAdminError, nothing written", async () => {
    const own = await createTestWorkspace(db);
    const userName = `last-${Date.now().toString(36)}@change.test`;
    const { row } = await createMember(db.sql, door, { workspaceId: own.id, data: { userName, active: true } as unknown as MemberWritable });
    await db.prisma.member.update({ where: { id: row.id }, data: { role: "ADMIN", manualRole: "ADMIN", status: "ACTIVE", activatedAt: new Date() } });
    const before = await outcome(row.id);
    await expect(changeMemberById(observed.sql, observed.sqlTransaction, door, { workspaceId: own.id, memberId: row.id, prepare: async () => ({ columns: { active: false } }) })).rejects.toBeInstanceOf(LastAdminError);
    expect(await outcome(row.id)).toEqual(before);
  });

  it("a refusal while preparing (If-Match) ends it before any write", async () => {
    const id = await provision();
    const before = await outcome(id);
    reset();
    await expect(byId(id, { columns: { active: false } }, async () => Promise.reject(new VersionMismatchError()))).rejects.toBeInstanceOf(VersionMismatchError);
    expect(statements).toHaveLength(1);
    expect(await outcome(id)).toEqual(before);
  });

  it("a row changed between the read and the write (here: an invitation resent) is changed the locked way, which sees the new invitation", async () => {
    const id = await provision();
    let prepared = 0;
    reset();
    const result = await byId(id, { columns: { active: false } }, async () => {
      if (prepared++ === 0) await resendInvitation(db.sqlTransaction, { kind: "admin", actor: { kind: "SYSTEM", label: "admin" } }, { workspaceId: ws.id, memberId: id });
    });
    expect(prepared).toBe(2);
    expect(transactions).toBe(1);
    expect(result).toMatchObject({ changed: true, invitationsRevoked: 1, row: { status: "DISABLED", version: 2 } });
    const after = await outcome(id);
    expect(after.invitations).toEqual([{ revoked: true, accepted: false }, { revoked: true, accepted: false }]);
    expect(after.emails.map((e) => e.lastError)).toEqual([CANCELLED.superseded, CANCELLED.deprovisioned]);
    expect(after.events.filter((e) => e.action === "scim.user.deactivated")).toHaveLength(1);
  });

  it("SCIM PATCH active=false (Okta's request): ONE statement — no read first, no transaction", async () => {
    const id = (await ws.client.post("/Users", newUser())).body.id as string;
    const group = await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `Team ${Date.now()}`, members: [{ value: id }] });
    reset();
    const res = await ws.client.patch(`/Users/${id}`, { schemas: patchOp().schemas, Operations: [{ op: "replace", value: { active: false } }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: false, groups: [{ value: group.body.id, display: group.body.displayName }], meta: { version: 'W/"2"' } });
    expect(transactions).toBe(0);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/UPDATE "Member"[\s\S]*UPDATE "Invitation"[\s\S]*UPDATE "EmailOutbox"[\s\S]*INSERT INTO "AuditEvent"/);
    // PUT with active=false: the read and one statement (a PUT replaces everything: it needs the row).
    const other = await ws.client.post("/Users", newUser());
    reset();
    const put = await ws.client.put(`/Users/${other.body.id}`, { ...newUser(), userName: other.body.userName, emails: other.body.emails, active: false });
    expect(put.status).toBe(200);
    expect({ statements: statements.length, transactions }).toEqual({ statements: 2, transactions: 0 });
  });
  describe("SCIM PATCH of active alone (Okta's and Entra's requests) without reading the member first", () => {
    const OKTA_DISABLE = [{ op: "replace", value: { active: false } }];
    const ENTRA_DISABLE = [{ op: "Replace", path: "active", value: "False" }];
    const ENTRA_ENABLE = [{ op: "Replace", path: "active", value: "True" }];
    const adminDoor: Door = { kind: "admin", actor: { kind: "MEMBER", id: "00000000-0000-4000-8000-000000000001", label: "admin@change.test" } };

    /** A member created by hand (admin door), signed in. */
    async function manual(): Promise<string> {
      const userName = `h${seq++}-${Date.now().toString(36)}@change.test`;
      const { row } = await createMember(db.sql, adminDoor, { workspaceId: ws.id, data: { userName, emails: [{ value: userName, primary: true }], active: true } as unknown as MemberWritable, invite: false });
      await db.prisma.member.update({ where: { id: row.id }, data: { status: "ACTIVE", activatedAt: new Date() } });
      return row.id;
    }
    const withoutRequestIds = (o: Awaited<ReturnType<typeof outcome>>) => ({ ...o, events: o.events.map(({ requestId: _r, ...event }) => event) });
    const body = (res: { body: Record<string, unknown> }) => {
      const { id: _id, userName: _u, emails: _e, meta, ...rest } = res.body as Record<string, unknown> & { meta: Record<string, unknown> };
      return { ...rest, meta: { resourceType: meta.resourceType, version: meta.version } };
    };

    /** PATCHes two members made by `make`: one as the IdP sends it, one with If-Match: * (the general way, read first). */
    async function sameAsGeneralWay(make: () => Promise<string>, operations: unknown[]) {
      const [fast, general] = [await make(), await make()];
      reset();
      const viaFast = await ws.client.patch(`/Users/${fast}`, { schemas: patchOp().schemas, Operations: operations });
      const sent = { statements: statements.length, transactions };
      const viaGeneral = await ws.client.patch(`/Users/${general}`, { schemas: patchOp().schemas, Operations: operations }, { headers: { "if-match": "*" } });
      expect(viaFast.status).toBe(viaGeneral.status);
      expect(body(viaFast)).toEqual(body(viaGeneral));
      // Each HTTP request has its own request id; everything else must match.
      const result = withoutRequestIds(await outcome(fast));
      expect(result).toEqual(withoutRequestIds(await outcome(general)));
      return { result, sent, response: viaFast };
    }

    it.each([
      ["Okta disables an invited member (invitation and its email end)", () => provision(), OKTA_DISABLE, "INVITED"],
      ["Entra disables a signed-in member", () => provision({ status: "ACTIVE" }), ENTRA_DISABLE, "ACTIVE"],
      ["Okta disables a member created by hand", manual, OKTA_DISABLE, "ACTIVE"],
      ["Entra re-enables a member who signed in before", () => provision({ status: "DISABLED", signedIn: true }), ENTRA_ENABLE, "DISABLED"],
    ] as const)("%s: ONE statement, the same rows, events and answer as the general way", async (_, make, operations, from) => {
      const { result, sent } = await sameAsGeneralWay(make, [...operations]);
      expect(sent).toEqual({ statements: 1, transactions: 0 });
      expect(result.events.at(-1)?.details).toMatchObject({ method: "PATCH", changed: ["active"], from });
    });

    it("and in a group: the answer lists the groups, from the same statement", async () => {
      const group = (await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: `Team ${seq++} ${Date.now()}` })).body.id as string;
      const { response, sent } = await sameAsGeneralWay(async () => {
        const id = await provision({ status: "ACTIVE" });
        await ws.client.patch(`/Groups/${group}`, { schemas: patchOp().schemas, Operations: [{ op: "add", path: "members", value: [{ value: id }] }] });
        return id;
      }, [...OKTA_DISABLE]);
      expect(sent.statements).toBe(1);
      expect(response.body.groups).toEqual([expect.objectContaining({ value: group })]);
    });

    it("what the plans do not cover goes the general way and ends the same: an active admin, nothing to change, a first invitation owed", async () => {
      await provision({ status: "ACTIVE", role: "ADMIN" }); // so the admins below are not the last
      for (const [make, operations] of [
        [() => provision({ status: "ACTIVE", role: "ADMIN" }), OKTA_DISABLE],
        [() => provision({ status: "DISABLED", signedIn: true }), ENTRA_DISABLE],
        [() => provision({ status: "DISABLED", signedIn: false }), ENTRA_ENABLE],
      ] as const) {
        const { sent } = await sameAsGeneralWay(make, [...operations]);
        // The unread statement (it matched nothing), then the general way's read.
        expect(sent.statements).toBeGreaterThanOrEqual(2);
      }
    });

    it("the last active admin is refused through it too (403, as the general way answers), nothing written", async () => {
      const own = await createTestWorkspace(db);
      const userName = `last-${Date.now().toString(36)}@change.test`;
      const { row } = await createMember(db.sql, door, { workspaceId: own.id, data: { userName, active: true } as unknown as MemberWritable });
      await db.prisma.member.update({ where: { id: row.id }, data: { role: "ADMIN", manualRole: "ADMIN", status: "ACTIVE", activatedAt: new Date() } });
      const before = await outcome(row.id);
      const res = await own.client.patch(`/Users/${row.id}`, { schemas: patchOp().schemas, Operations: OKTA_DISABLE });
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/last active admin/);
      const after = await outcome(row.id);
      expect({ ...after, events: after.events.filter((e) => e.outcome === "SUCCESS") }).toEqual(before);
      expect(after.events.at(-1)).toMatchObject({ outcome: "FAILURE", details: { status: 403 } });
    });

    it("an unknown id is 404, another workspace's member is 404 and untouched", async () => {
      const missing = await ws.client.patch(`/Users/00000000-0000-4000-8000-00000000dead`, { schemas: patchOp().schemas, Operations: OKTA_DISABLE });
      expect(missing.status).toBe(404);
      const other = await createTestWorkspace(db);
      const theirs = (await other.client.post("/Users", newUser())).body.id as string;
      const before = await outcome(theirs);
      expect((await ws.client.patch(`/Users/${theirs}`, { schemas: patchOp().schemas, Operations: OKTA_DISABLE })).status).toBe(404);
      const after = await outcome(theirs);
      // Unchanged — but for the refusal, audited as every refusal is (in the workspace that asked).
      expect({ ...after, events: after.events.filter((e) => e.outcome === "SUCCESS") }).toEqual(before);
      expect(after.events.at(-1)).toMatchObject({ outcome: "FAILURE", workspaceId: ws.id });
    });
  });
});
