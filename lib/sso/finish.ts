// THE end of every SSO sign-in, whatever the protocol: the SAML ACS route and the OIDC callback
// verify the IdP's answer, then call finishSsoSignIn with who it says the person is. Here the
// identity is matched to a member of the connection's workspace, the member lifecycle records the
// sign-in (the first one activates an INVITED member, exactly as a first password sign-in does),
// and the browser gets a one-time code for next-auth. A Test connection stops before signing in
// and shows the admin what came back.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/audit";
import { recordAudit } from "@/lib/audit";
import type { RawSqlTransaction } from "@/lib/db/raw-sql";
import { createMember, recordSignIn, UserNameTakenError } from "@/lib/lifecycle";
import { userNameKey } from "@/lib/members/sql";
import type { SsoPurpose } from "./pending-requests";
import { refuseSso } from "./refuse";
import { issueSignInCode } from "./sign-in-code";

export interface SsoIdentity {
  email: string;
  givenName?: string | null;
  familyName?: string | null;
  groups?: string[];
}

export interface FinishInput {
  connection: { id: string; workspaceId: string; displayName: string; jitProvisioning: boolean };
  identity: SsoIdentity;
  purpose: SsoPurpose;
  /** From the pending request, for SP-initiated flows (absent for an IdP-initiated SAML response). */
  pending?: { memberId?: string | null; callbackPath?: string | null };
  /**
   * The browser-binding hash the one-time code carries (./browser-binding): the pending request's
   * for an SP-initiated flow, a fresh one the ACS sets for an IdP-initiated response.
   */
  bindingHash: string | null;
  requestId?: string | null;
}

export interface SsoDatabase {
  prisma: PrismaClient;
  sqlTransaction: RawSqlTransaction;
}

/** Where the one-time code goes: a page that hands it to next-auth (fragment: never sent to a server log or Referer). */
export function signInCodeUrl(code: string, callbackPath?: string | null): string {
  const params = new URLSearchParams({ code });
  if (callbackPath) params.set("to", callbackPath);
  return `/sign-in/sso#${params}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function finishSsoSignIn(db: SsoDatabase, input: FinishInput, now = new Date()): Promise<{ redirectTo: string }> {
  const { connection, purpose, requestId } = input;
  const email = input.identity.email.trim();
  const refuse = (reason: Parameters<typeof refuseSso>[1]["reason"], detail: string) =>
    refuseSso(db.prisma, { connection, reason, detail, purpose, testedBy: input.pending?.memberId, email: email || null, requestId }, now);
  if (!EMAIL.test(email)) return refuse("missing-email", `The identity provider sent no usable email (got "${email.slice(0, 100)}").`);

  const member = await findMemberForSso(db.prisma, connection.workspaceId, email);

  if (purpose === "test") {
    const result = {
      ok: true,
      email,
      givenName: input.identity.givenName ?? null,
      familyName: input.identity.familyName ?? null,
      groups: input.identity.groups ?? [],
      member: member ? { status: member.status } : null,
      testedBy: input.pending?.memberId ?? null,
      at: now.toISOString(),
    };
    await db.prisma.$executeRaw(Prisma.sql`
      UPDATE "SsoConnection" SET "lastTestedAt" = ${now}::timestamptz, "lastTestResult" = ${JSON.stringify(result)}::jsonb WHERE "id" = ${connection.id}::uuid`);
    await recordAudit(db.prisma, {
      workspaceId: connection.workspaceId,
      actor: input.pending?.memberId ? { kind: "MEMBER", id: input.pending.memberId, label: "Test connection" } : { kind: "SYSTEM", label: "Test connection" },
      action: "sso.connection_tested",
      target: { type: "SsoConnection", id: connection.id, label: connection.displayName },
      requestId,
      details: { email, groups: result.groups.length, memberStatus: member?.status ?? null },
    });
    return { redirectTo: "/settings/sso?test=ok#test-result" };
  }

  let memberId: string | null = member?.id ?? null;
  if (!member) {
    if (!connection.jitProvisioning) return refuse("unknown-member", `No member of this workspace has the email ${email}, and just-in-time provisioning is off.`);
    memberId = await provisionJustInTime(db, input, email);
    if (!memberId) return refuse("unknown-member", `Just-in-time provisioning of ${email} failed: the email was taken at the same moment.`);
  } else if (member.status === "DISABLED") {
    return refuse("member-disabled", `${member.userName} is deactivated in this workspace.`);
  }

  const actor: Actor = { kind: "MEMBER", id: memberId!, label: member?.userName ?? email };
  const signedIn = await recordSignIn(db.sqlTransaction, { kind: "sign-in", actor, requestId }, { workspaceId: connection.workspaceId, memberId: memberId!, via: "sso" }, now);
  // Disabled between the lookup and the write: the lifecycle's conditional write wins.
  if (!signedIn) return refuse("member-disabled", `${actor.label} is deactivated in this workspace.`);
  const code = await issueSignInCode(db.prisma, { workspaceId: connection.workspaceId, memberId: signedIn.id, callbackPath: input.pending?.callbackPath ?? null, bindingHash: input.bindingHash, connectionId: connection.id }, now);
  return { redirectTo: signInCodeUrl(code, input.pending?.callbackPath) };
}

/**
 * The member an IdP's identity names: userName (SCIM userName = Okta's "email" = SAML NameID),
 * else a member whose emails list it — case-insensitively, in the connection's workspace only.
 */
async function findMemberForSso(prisma: PrismaClient, workspaceId: string, email: string) {
  const rows = await prisma.$queryRaw<{ id: string; userName: string; status: string }[]>(Prisma.sql`
    SELECT "id"::text AS "id", "userName", "status"::text AS "status" FROM "Member"
    WHERE "workspaceId" = ${workspaceId}::uuid AND ${userNameKey("Member")} = lower(${email})
    UNION ALL
    (SELECT "id"::text, "userName", "status"::text FROM "Member"
     WHERE "workspaceId" = ${workspaceId}::uuid AND jsonb_typeof("emails") = 'array'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements("emails") e WHERE lower(e->>'value') = lower(${email}))
     ORDER BY "createdAt" LIMIT 1)
    LIMIT 1`);
  return rows[0] ?? null;
}

/** Just-in-time provisioning: the member is created through the lifecycle (no invitation: they are signing in now). */
async function provisionJustInTime(db: SsoDatabase, input: FinishInput, email: string): Promise<string | null> {
  const given = input.identity.givenName?.trim() || null;
  const family = input.identity.familyName?.trim() || null;
  const formatted = [given, family].filter(Boolean).join(" ") || null;
  const actor: Actor = { kind: "SYSTEM", label: `SSO just-in-time provisioning (${input.connection.displayName})` };
  try {
    const { row } = await db.sqlTransaction((tx) =>
      createMember(tx, { kind: "sso", actor, requestId: input.requestId }, {
        workspaceId: input.connection.workspaceId,
        invite: false,
        data: {
          userName: email, emails: [{ value: email, type: "work", primary: true }], active: true,
          givenName: given, familyName: family, formattedName: formatted, displayName: formatted,
          externalId: null, middleName: null, honorificPrefix: null, honorificSuffix: null, nickName: null, title: null, userType: null,
          preferredLanguage: null, locale: null, timezone: null, employeeNumber: null, costCenter: null, organization: null, division: null,
          department: null, managerValue: null, managerDisplayName: null, extra: {},
        },
      }),
    );
    return row.id;
  } catch (error) {
    if (error instanceof UserNameTakenError) return null;
    throw error;
  }
}
