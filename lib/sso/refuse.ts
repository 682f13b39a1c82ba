// Every SSO refusal ends here: one audit event (`sso.refused`, FAILURE, with the reason and the
// technical detail, visible on Activity) and a page for the person that says, in words, what to
// tell their admin — never a stack trace. A refused Test connection also records its reason on the
// connection so Settings › SSO shows exactly what went wrong.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit, type Actor } from "@/lib/audit";

export type SsoRefusalReason =
  | "connection-disabled"
  | "invalid-response"
  | "idp-error"
  | "signature"
  | "issuer"
  | "audience"
  | "recipient"
  | "expired"
  | "not-yet-valid"
  | "in-response-to"
  | "replay"
  | "browser-mismatch"
  | "missing-email"
  | "unknown-member"
  | "member-disabled"
  | "oidc-state"
  | "oidc-nonce"
  | "oidc-pkce"
  | "oidc-issuer"
  | "oidc-audience"
  | "oidc-token"
  | "oidc-discovery"
  | "oidc-client";

/** What the person sees: a title and what to tell their admin. */
export const SSO_REFUSALS: Record<SsoRefusalReason, { title: string; tellYourAdmin: string }> = {
  "connection-disabled": { title: "Single sign-on is switched off", tellYourAdmin: "Single sign-on for this workspace is switched off in Settings › SSO." },
  "invalid-response": { title: "The identity provider's answer could not be read", tellYourAdmin: "Roster could not read the SAML response from the identity provider (see Activity for details)." },
  "idp-error": { title: "The identity provider refused the sign-in", tellYourAdmin: "The identity provider answered with an error instead of signing you in (see Activity for the status it sent)." },
  signature: { title: "The sign-in was not signed by your identity provider", tellYourAdmin: "The SAML response was not signed with a certificate configured in Settings › SSO. The IdP's signing certificate may have changed: add the new one." },
  issuer: { title: "The sign-in came from another identity provider", tellYourAdmin: "The SAML response's issuer is not the IdP entity ID configured in Settings › SSO." },
  audience: { title: "The sign-in was meant for another application", tellYourAdmin: "The assertion's audience is not this workspace's SP Entity ID. Check the Audience URI (SP Entity ID) in the IdP's app settings against Settings › SSO." },
  recipient: { title: "The sign-in was sent to the wrong address", tellYourAdmin: "The response's recipient/destination is not this workspace's ACS URL. Check the Single sign-on URL (ACS URL) in the IdP's app against Settings › SSO." },
  expired: { title: "The sign-in took too long", tellYourAdmin: "The assertion had expired when it arrived. Try again; if it keeps happening, the clocks of Roster and the IdP may be far apart." },
  "not-yet-valid": { title: "The sign-in arrived too early", tellYourAdmin: "The assertion is not valid yet: the clocks of Roster and the IdP are far apart." },
  "in-response-to": { title: "This sign-in was not started here, or was already used", tellYourAdmin: "The response answers a sign-in request Roster does not know (expired, already answered, or for another workspace). Start again from the sign-in page." },
  replay: { title: "This sign-in was already used", tellYourAdmin: "The same assertion was presented twice; Roster accepts each assertion once. Start again from the sign-in page." },
  "browser-mismatch": {
    title: "This sign-in was started in another browser",
    tellYourAdmin:
      "The sign-in was not finished in the browser that started it, so Roster did not sign you in (this protects you from being signed in to someone else's account). Start again from the sign-in page, in this browser. If it keeps happening, your browser may be blocking Roster's cookies.",
  },
  "missing-email": { title: "Your identity provider did not say who you are", tellYourAdmin: "The response carried no email (NameID in email format, or an email attribute)." },
  "unknown-member": { title: "You are not a member of this workspace", tellYourAdmin: "Ask your admin to assign you to Roster in the identity provider (SCIM provisioning creates your account), or to turn on just-in-time provisioning." },
  "member-disabled": { title: "Your account is deactivated", tellYourAdmin: "An admin deactivated your account in this workspace. Ask them to reactivate it." },
  "oidc-state": { title: "This sign-in was not started here, or was already used", tellYourAdmin: "The OpenID Connect state did not match a sign-in Roster started. Start again from the sign-in page." },
  "oidc-nonce": { title: "The sign-in could not be verified", tellYourAdmin: "The ID token's nonce did not match the sign-in Roster started." },
  "oidc-pkce": { title: "The sign-in could not be verified", tellYourAdmin: "The identity provider refused the authorization code: the PKCE code verifier did not match, or the code was already used or expired. Start again from the sign-in page." },
  "oidc-issuer": { title: "The sign-in came from another identity provider", tellYourAdmin: "The ID token's issuer is not the issuer configured in Settings › SSO." },
  "oidc-audience": { title: "The sign-in was meant for another application", tellYourAdmin: "The ID token's audience is not the client ID configured in Settings › SSO." },
  "oidc-token": { title: "The sign-in could not be verified", tellYourAdmin: "The ID token was expired or invalid (see Activity for details)." },
  "oidc-client": { title: "Roster is not set up correctly with your identity provider", tellYourAdmin: "The identity provider did not accept Roster's client ID and secret. Check them in Settings › SSO (the client secret may have expired)." },
  "oidc-discovery": { title: "Roster could not reach your identity provider", tellYourAdmin: "Roster could not read the OpenID Connect configuration of the issuer in Settings › SSO, or the stored client secret (see Activity for details)." },
};

export const isSsoRefusalReason = (value: string): value is SsoRefusalReason => Object.prototype.hasOwnProperty.call(SSO_REFUSALS, value);

export interface SsoRefusal {
  connection: { id: string; workspaceId: string; displayName: string };
  reason: SsoRefusalReason;
  /** The technical detail for the admin (library message, expected vs received); never secrets. */
  detail: string;
  purpose?: "sign-in" | "test";
  /** The admin who started a Test connection. */
  testedBy?: string | null;
  email?: string | null;
  requestId?: string | null;
}

const SSO_ACTOR = (displayName: string): Actor => ({ kind: "SYSTEM", label: `SSO (${displayName})` });

/** Records the refusal and returns where to send the browser. */
export async function refuseSso(prisma: PrismaClient, refusal: SsoRefusal, now = new Date()): Promise<{ redirectTo: string }> {
  const { connection, reason } = refusal;
  const detail = refusal.detail.slice(0, 500);
  await recordAudit(prisma, {
    workspaceId: connection.workspaceId,
    actor: SSO_ACTOR(connection.displayName),
    action: "sso.refused",
    target: { type: "SsoConnection", id: connection.id, label: refusal.email ?? connection.displayName },
    outcome: "FAILURE",
    requestId: refusal.requestId,
    details: { reason, detail, purpose: refusal.purpose ?? "sign-in", ...(refusal.email && { email: refusal.email }) },
  });
  if (refusal.purpose === "test") {
    const result = { ok: false, reason, message: SSO_REFUSALS[reason].tellYourAdmin, detail, testedBy: refusal.testedBy ?? null, at: now.toISOString() };
    await prisma.$executeRaw(Prisma.sql`
      UPDATE "SsoConnection" SET "lastTestedAt" = ${now}::timestamptz, "lastTestResult" = ${JSON.stringify(result)}::jsonb WHERE "id" = ${connection.id}::uuid`);
    return { redirectTo: "/settings/sso?test=failed#test-result" };
  }
  const params = new URLSearchParams({ reason });
  if (refusal.requestId) params.set("ref", refusal.requestId);
  return { redirectTo: `/sign-in/refused?${params}` };
}
