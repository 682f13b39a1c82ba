// The assertion consumer service: what happens to a SAML Response posted to
// /api/sso/saml/acs/<connectionId>, SP-initiated or IdP-initiated (Okta's dashboard tile, Entra's
// My Apps). node-saml verifies the XML signature (response or assertion, against the configured
// certificates only, wrapping-safe), the assertion's time window (with the configured clock skew)
// and the audience. Roster checks the rest itself: recipient and destination (node-saml does not),
// the issuer, comments hidden in the NameID, InResponseTo against the DATABASE's pending requests
// (so any instance can answer), and the replay cache. Every refusal goes through refuseSso.
import { DOMParser } from "@xmldom/xmldom";
import { SamlStatusError, type Profile } from "@node-saml/node-saml";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { hashBrowserBinding, newBrowserBinding } from "../browser-binding";
import { finishSsoSignIn, type SsoDatabase, type SsoIdentity } from "../finish";
import { takePendingRequest } from "../pending-requests";
import { refuseSso, type SsoRefusalReason } from "../refuse";
import { acceptAssertionOnce } from "../replay-cache";
import { SAML_ATTRIBUTES, serviceProvider, spUrls } from "./service-provider";

export interface AcsInput {
  connection: SsoConnection;
  /** The form's SAMLResponse (base64). */
  samlResponse: string;
  /** The public origin the ACS URL and entity ID are built from. */
  origin: string;
  clockSkewSeconds: number;
  requestId?: string | null;
  now?: Date;
}

class Refusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** node-saml's messages → a reason (the message itself goes into the audit detail). */
export function reasonForLibraryError(error: unknown): SsoRefusalReason {
  if (error instanceof SamlStatusError) return "idp-error";
  const message = error instanceof Error ? error.message : String(error);
  if (/signature/i.test(message)) return "signature";
  if (/audience/i.test(message)) return "audience";
  if (/not yet valid/i.test(message)) return "not-yet-valid";
  if (/expired/i.test(message)) return "expired";
  return "invalid-response";
}

type XmlNode = { nodeType: number; localName?: string | null; childNodes?: ArrayLike<XmlNode>; getAttribute?(name: string): string | null; textContent?: string | null };

function elements(node: XmlNode, localName: string, out: XmlNode[] = []): XmlNode[] {
  for (const child of Array.from(node.childNodes ?? [])) {
    if (child.nodeType !== 1) continue;
    if (child.localName === localName) out.push(child);
    elements(child, localName, out);
  }
  return out;
}

const first = <T>(value: T | T[] | undefined): T | undefined => (Array.isArray(value) ? value[0] : value);

function attributeValue(profile: Profile, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = first(profile[name] as string | string[] | undefined);
    if (typeof value === "string" && value.trim()) return value.trim();
  }
  return undefined;
}

function attributeValues(profile: Profile, names: readonly string[]): string[] {
  for (const name of names) {
    const value = profile[name];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  }
  return [];
}

/** The identity a verified profile names: NameID (email format) or the email attribute, names, groups. */
export function identityFromProfile(profile: Profile): SsoIdentity {
  const nameId = typeof profile.nameID === "string" ? profile.nameID.trim() : "";
  const email = nameId.includes("@") ? nameId : (attributeValue(profile, SAML_ATTRIBUTES.email) ?? nameId);
  return {
    email,
    givenName: attributeValue(profile, SAML_ATTRIBUTES.givenName) ?? null,
    familyName: attributeValue(profile, SAML_ATTRIBUTES.familyName) ?? null,
    groups: attributeValues(profile, SAML_ATTRIBUTES.groups),
  };
}

interface VerifiedAssertion {
  assertionId: string;
  inResponseTo: string | null;
  expiresAt: Date;
  profile: Profile;
}

/** Everything about the response except InResponseTo and replay (which need the database). */
async function verify(input: AcsInput, now: Date): Promise<VerifiedAssertion> {
  const { connection } = input;
  if (connection.samlCertificates.length === 0) throw new Refusal("signature", "No IdP signing certificate is configured.");
  const { acsUrl } = spUrls(input.origin, connection.id);

  const xml = Buffer.from(input.samlResponse, "base64").toString("utf8");
  // The raw document, for what node-saml does not look at. Comments are kept here on purpose.
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: () => {}, fatalError: () => {} } }).parseFromString(xml, "text/xml") as unknown as XmlNode;
  const root = Array.from(doc.childNodes ?? []).find((n) => n.nodeType === 1);
  if (!root || root.localName !== "Response") throw new Refusal("invalid-response", "The posted value is not a SAML Response.");
  // A comment (or any markup) inside a NameID could make another parser read a shorter value
  // ("victim@corp.com<!---->.evil.com"): the signature still verifies, so refuse it outright.
  for (const nameId of elements(root, "NameID")) {
    if (Array.from(nameId.childNodes ?? []).some((child) => child.nodeType !== 3)) throw new Refusal("invalid-response", "The NameID contains a comment or markup (comment injection).");
  }
  const destination = root.getAttribute?.("Destination");
  if (destination && destination !== acsUrl) throw new Refusal("recipient", `Destination is ${destination}, expected ${acsUrl}.`);

  let profile: Profile | null;
  try {
    ({ profile } = await serviceProvider(connection, input.origin, { clockSkewSeconds: input.clockSkewSeconds }).validatePostResponseAsync({ SAMLResponse: input.samlResponse }));
  } catch (error) {
    throw new Refusal(reasonForLibraryError(error), error instanceof Error ? error.message : String(error));
  }
  if (!profile) throw new Refusal("invalid-response", "The response carries no assertion.");

  // From here on, only the SIGNED assertion (node-saml's verified copy) is read.
  const assertion = (profile.getAssertion?.() as { Assertion?: Record<string, unknown[] | { ID?: string }> } | undefined)?.Assertion;
  const assertionId = (assertion?.$ as { ID?: string } | undefined)?.ID;
  if (!assertion || !assertionId) throw new Refusal("invalid-response", "The assertion has no ID.");
  if (connection.samlIdpEntityId && profile.issuer !== connection.samlIdpEntityId) {
    throw new Refusal("issuer", `Issuer is ${profile.issuer ?? "(none)"}, expected ${connection.samlIdpEntityId}.`);
  }
  type Confirmation = { $?: { Method?: string }; SubjectConfirmationData?: { $?: { Recipient?: string; NotOnOrAfter?: string; NotBefore?: string; InResponseTo?: string } }[] };
  const subject = (assertion.Subject as { SubjectConfirmation?: Confirmation[] }[] | undefined)?.[0];
  const bearer = (subject?.SubjectConfirmation ?? []).filter((c) => c.$?.Method === "urn:oasis:names:tc:SAML:2.0:cm:bearer").map((c) => c.SubjectConfirmationData?.[0]?.$ ?? {});
  if (bearer.length === 0) throw new Refusal("invalid-response", "The assertion has no bearer subject confirmation.");
  const forUs = bearer.filter((data) => data.Recipient === acsUrl);
  if (forUs.length === 0) throw new Refusal("recipient", `Recipient is ${bearer.map((d) => d.Recipient ?? "(none)").join(", ")}, expected ${acsUrl}.`);
  const skewMs = input.clockSkewSeconds * 1000;
  const current = forUs.find((data) => {
    const until = data.NotOnOrAfter ? Date.parse(data.NotOnOrAfter) : NaN;
    const from = data.NotBefore ? Date.parse(data.NotBefore) : -Infinity;
    return Number.isFinite(until) && now.getTime() - skewMs < until && now.getTime() + skewMs >= from;
  });
  if (!current) throw new Refusal("expired", "The subject confirmation has expired (NotOnOrAfter) or has none.");

  const conditions = (assertion.Conditions as { $?: { NotOnOrAfter?: string } }[] | undefined)?.[0]?.$;
  const expiresAt = new Date(Math.max(Date.parse(current.NotOnOrAfter!), conditions?.NotOnOrAfter ? Date.parse(conditions.NotOnOrAfter) : 0) + skewMs);
  const signedInResponseTo = current.InResponseTo ?? null;
  const responseInResponseTo = typeof profile.inResponseTo === "string" ? profile.inResponseTo : null;
  if (signedInResponseTo && responseInResponseTo && signedInResponseTo !== responseInResponseTo) {
    throw new Refusal("in-response-to", "The response's InResponseTo differs from the assertion's.");
  }
  return { assertionId, inResponseTo: signedInResponseTo ?? responseInResponseTo, expiresAt, profile };
}

/**
 * Handles one posted SAML Response; always answers with where to send the browser, and — for an
 * IdP-initiated sign-in that got a code — the browser-binding cookie value to set on that answer.
 */
export async function consumeSamlResponse(db: SsoDatabase, input: AcsInput): Promise<{ redirectTo: string; browserBinding?: string }> {
  const now = input.now ?? new Date();
  const { connection } = input;
  const refuse = (reason: SsoRefusalReason, detail: string, extra: { purpose?: "sign-in" | "test"; testedBy?: string | null; email?: string | null } = {}) =>
    refuseSso(db.prisma, { connection, reason, detail, requestId: input.requestId, ...extra }, now);
  if (connection.protocol !== "SAML") return refuse("invalid-response", "This connection is not a SAML connection.");

  let verified: VerifiedAssertion;
  try {
    verified = await verify(input, now);
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.reason, error.message);
    throw error;
  }
  const identity = identityFromProfile(verified.profile);

  // SP-initiated: the request must be one this connection sent and nobody answered yet.
  let pending = null;
  if (verified.inResponseTo) {
    pending = await takePendingRequest(db.prisma, { id: verified.inResponseTo, connectionId: connection.id }, now);
    if (!pending) return refuse("in-response-to", `InResponseTo ${verified.inResponseTo} matches no open request of this connection (unknown, expired or already answered).`, { email: identity.email });
  }
  const purpose = pending?.purpose ?? "sign-in";
  const testedBy = pending?.memberId ?? null;
  if (!connection.enabled && purpose !== "test") return refuse("connection-disabled", "The connection is switched off.", { email: identity.email });
  if (!(await acceptAssertionOnce(db.prisma, { connectionId: connection.id, assertionId: verified.assertionId, expiresAt: verified.expiresAt }, now))) {
    return refuse("replay", `Assertion ${verified.assertionId} was already used.`, { purpose, testedBy, email: identity.email });
  }
  const callbackPath = typeof pending?.data.callbackPath === "string" ? pending.data.callbackPath : null;
  // The ACS is a cross-site POST: the browser's Lax binding cookie is not sent here. SP-initiated,
  // the code carries the pending request's binding and /sign-in/sso checks the cookie when it is
  // redeemed (same-site). IdP-initiated, there is no request to bind to: the code is bound to the
  // browser that posted this response (a fresh cookie on this answer).
  const idpInitiated = pending === null;
  const fresh = idpInitiated ? newBrowserBinding() : null;
  const bindingHash = fresh ? hashBrowserBinding(fresh) : pending!.bindingHash;
  const result = await finishSsoSignIn(db, { connection, identity, purpose, pending: { memberId: testedBy, callbackPath }, bindingHash, requestId: input.requestId }, now);
  return fresh && result.redirectTo.startsWith("/sign-in/sso#") ? { ...result, browserBinding: fresh } : result;
}
