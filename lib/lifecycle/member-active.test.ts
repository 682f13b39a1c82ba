// changeActiveUnread plans a change of `active` from four facts of a member (ActiveChangeFacts)
// instead of the member's row. That is only sound while the rule (planChange, changeEvent,
// needsLockedPath) reads nothing else for such a change: here every field of the row varies, and
// the plan from the facts must equal the plan from the whole row — or, for an active admin being
// deactivated (the one case the rule sends the locked way because of the role), be a
// deactivation, which the statement's guard refuses. A rule that starts reading another field
// fails this test.
import { describe, expect, it } from "vitest";
import type { MemberRow } from "@/lib/directory/scim-user-store";
import type { Door } from "./door";
import { activeChangePlans, factsOfMember, oneStatementPlan, plannedActiveChange } from "./members";

const doors: Door[] = [
  { kind: "scim", actor: { kind: "TOKEN", id: "t", label: "okta" }, requestId: "r" },
  { kind: "admin", actor: { kind: "MEMBER", id: "a", label: "admin@x.test" }, requestId: null },
];

function* rows(): Generator<MemberRow> {
  const base: MemberRow = {
    id: "8d3f1a52-3c1e-4b1a-9b7e-0c1d2e3f4a5b", workspaceId: "0f1e2d3c-4b5a-4697-8877-665544332211", userName: "ann@x.test", externalId: "ext-1",
    givenName: "Ann", familyName: "Lee", middleName: null, formattedName: "Ann Lee", honorificPrefix: null, honorificSuffix: null,
    displayName: "Ann", nickName: null, title: "Engineer", userType: "Employee", preferredLanguage: "en", locale: "en-GB", timezone: "Europe/London",
    emails: [{ value: "ann@x.test", primary: true }], active: true, status: "ACTIVE", role: "VIEWER", manualRole: "VIEWER", scimRole: null,
    employeeNumber: "7", costCenter: null, organization: "X", division: null, department: "R&D", managerValue: null, managerDisplayName: null,
    extra: { roles: [{ value: "editor" }] }, source: "SCIM", version: 4, activatedAt: new Date("2026-01-02T03:04:05Z"),
    createdAt: new Date("2026-01-01T00:00:00Z"), updatedAt: new Date("2026-02-01T00:00:00Z"),
  };
  for (const status of ["INVITED", "ACTIVE", "DISABLED"] as const)
    for (const source of ["SCIM", "MANUAL"] as const)
      for (const activatedAt of [null, new Date("2026-03-01T00:00:00Z")])
        for (const role of ["ADMIN", "EDITOR", "VIEWER", "GUEST"] as const)
          for (const scimRole of [null, "EDITOR"] as const)
            for (const other of [{}, { userName: "bo@y.test", title: null, extra: {}, version: 1, manualRole: "ADMIN" as const, emails: [] }])
              yield { ...base, ...other, active: status !== "DISABLED", status, source, activatedAt, role, scimRole };
}

/** What changeActiveUnread's statement takes from a plan: the row update, the event, whether invitations end, the guard. */
const effects = (planned: ReturnType<typeof oneStatementPlan>) =>
  planned && { update: planned.update, event: planned.event, revokesInvitations: planned.plan.revokesInvitations, deactivating: planned.plan.deactivating };

describe("a change of active alone is decided by the member's four facts", () => {
  it.each([false, true])("active → %s: the plan from the facts is the plan from the whole row", (active) => {
    let compared = 0;
    for (const door of doors) {
      for (const row of rows()) {
        const auditDetails = { method: "PATCH" };
        const fromRow = oneStatementPlan(door, { workspaceId: row.workspaceId, current: row, columns: { active }, auditDetails });
        const fromFacts = plannedActiveChange(door, factsOfMember(row), active, auditDetails);
        if (!active && row.role === "ADMIN" && row.status === "ACTIVE") {
          // The locked way (last-admin rule) for the row; the statement's guard refuses the planned deactivation.
          expect(fromRow).toBeNull();
          expect(fromFacts?.plan.deactivating).toBe(true);
          continue;
        }
        expect(effects(fromFacts), JSON.stringify({ door: door.kind, status: row.status, source: row.source, role: row.role })).toEqual(effects(fromRow));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300); // 2 doors × 192 rows, less the active admins when deactivating
  });

  it("deactivating plans end sessions and end open invitations of the invited only; reactivating owes a first invitation → no plan", () => {
    const door = doors[0];
    expect(plannedActiveChange(door, { active: true, status: "INVITED", source: "SCIM", activated: false }, false)).toMatchObject({
      plan: { status: "DISABLED", deactivating: true, endSessions: true, revokesInvitations: true },
      event: { action: "scim.user.deactivated", details: { changed: ["active"], from: "INVITED", to: "DISABLED", source: "SCIM", sessionsEnded: true } },
    });
    expect(plannedActiveChange(door, { active: true, status: "ACTIVE", source: "MANUAL", activated: true }, false)?.plan.revokesInvitations).toBe(false);
    expect(plannedActiveChange(door, { active: false, status: "DISABLED", source: "SCIM", activated: true }, true)?.plan.status).toBe("ACTIVE");
    expect(plannedActiveChange(door, { active: false, status: "DISABLED", source: "SCIM", activated: false }, true)).toBeNull();
    expect(plannedActiveChange(door, { active: false, status: "DISABLED", source: "SCIM", activated: true }, false)).toBeNull();
  });

  it("the plans depend on the kind of door, not on who acts or the request (activeChangePlans keeps them per kind)", () => {
    const others: Door[] = [
      { kind: "scim", actor: { kind: "TOKEN", id: "u", label: "entra" }, requestId: "other" },
      { kind: "admin", actor: { kind: "MEMBER", id: "b", label: "boss@x.test" }, requestId: "req-2" },
    ];
    for (const [i, door] of doors.entries())
      for (const active of [false, true])
        for (const row of rows()) {
          const facts = factsOfMember(row);
          expect(plannedActiveChange(others[i], facts, active, { method: "PATCH" })).toEqual(plannedActiveChange(door, facts, active, { method: "PATCH" }));
        }
  });

  it("activeChangePlans: one table per door kind, value and details; its rows are the plans", () => {
    const plans = activeChangePlans(doors[0], false, { method: "PATCH" });
    expect(plans).toMatchObject({ deactivating: true, anyRevokes: true, update: { status: "DISABLED", endSessions: true } });
    const table = plans!.rows;
    // Deactivation applies to every member who is not disabled: 2 statuses × 2 sources × ever signed in or not.
    expect(table).toHaveLength(8);
    expect(table).toContainEqual(expect.objectContaining({ ifStatus: "INVITED", ifSource: "SCIM", ifActivated: false, planAction: "scim.user.deactivated", planRevokes: true }));
    expect(table.filter((row) => row.planRevokes).map((row) => row.ifStatus)).toEqual(["INVITED", "INVITED", "INVITED", "INVITED"]);
    expect(activeChangePlans(doors[1], false, { method: "PATCH" })?.rows.map((row) => row.planAction)).toContain("member.deactivated");
    expect(activeChangePlans(doors[0], false, { method: "PUT" })?.rows[0]?.planDetails).toMatchObject({ method: "PUT" });
  });

  it("the statement's plan table is constants: every row, typed, quotes doubled, no parameters", () => {
    const plans = activeChangePlans(doors[0], false, { method: "PATCH" })!;
    expect(plans.table.values).toEqual([]);
    const text = plans.table.sql;
    expect(text.match(/\(true|\(false/g)).toHaveLength(8);
    expect(text).toContain(`'INVITED'::"MemberStatus", 'SCIM'::"RecordSource"`);
    expect(text).toMatch(/'\{[^']*"method":"PATCH"[^']*\}'::jsonb/);
    expect(text).toMatch(/\) AS "plan"\("ifActive", "ifStatus", "ifSource", "ifActivated", "planAction", "planDetails", "planRevokes"\)$/);
    // A quote in the details cannot end the literal.
    const quoted = activeChangePlans(doors[0], false, { method: "PATCH", note: "it's" })!.table.sql;
    expect(quoted).toContain(`"note":"it''s"`);
    expect(quoted.replaceAll("''", "").match(/'/g)!.length % 2).toBe(0);
  });
});
