// The SAML half of the local identity provider: a signing key and certificate (selfsigned), SAML
// 2.0 Responses built as XML and signed with xml-crypto (enveloped, RSA-SHA256, exclusive C14N —
// what Okta and Entra ID send), and the reading of an SP's AuthnRequest (HTTP-Redirect binding).
// Tests use buildResponse directly to produce real signed responses, including the broken ones
// (`tamper`, wrong audience, expired, unsigned…) that the service provider must refuse.
import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import selfsigned from "selfsigned";
import { SignedXml } from "xml-crypto";

const NS_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const NS_ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
const NAMEID_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

export interface SigningKey {
  privateKey: string;
  certificate: string;
}

export async function generateSigningKey(commonName = "Roster dev IdP"): Promise<SigningKey> {
  const pems = await selfsigned.generate([{ name: "commonName", value: commonName }], { keySize: 2048, algorithm: "sha256", notAfterDate: new Date(Date.now() + 10 * 365 * 86_400_000) });
  return { privateKey: pems.private, certificate: pems.cert };
}

export interface SamlUser {
  email: string;
  givenName?: string;
  familyName?: string;
  groups?: string[];
}

export interface ResponseOptions {
  /** Where the response is posted (Response@Destination and SubjectConfirmationData@Recipient). */
  acsUrl: string;
  /** The SP entity ID (AudienceRestriction). */
  audience: string;
  user: SamlUser;
  /** The AuthnRequest's id; absent for an IdP-initiated (unsolicited) response. */
  inResponseTo?: string;
  /** Defaults: both signed (like Okta's default is assertion-only: pass signResponse false). */
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Sign with this key instead of the IdP's own (a certificate from another IdP). */
  key?: SigningKey;
  issuer?: string;
  assertionId?: string;
  /** Validity: from `now` by default, for five minutes. */
  now?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Overrides for the recipient/destination alone. */
  recipient?: string;
  destination?: string | null;
  /** Changes the signed XML (signature wrapping, comment injection…) before it is encoded. */
  tamper?: (xml: string) => string;
}

const iso = (date: Date) => date.toISOString();
const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
export const newSamlId = () => `_${randomBytes(16).toString("hex")}`;

function attribute(name: string, values: string[]): string {
  if (values.length === 0) return "";
  const inner = values.map((v) => `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join("");
  return `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${inner}</saml:Attribute>`;
}

function sign(xml: string, key: SigningKey, elementName: "Assertion" | "Response"): string {
  const signer = new SignedXml({
    privateKey: key.privateKey,
    publicCert: key.certificate,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  const element = `//*[local-name(.)='${elementName}' and namespace-uri(.)='${elementName === "Assertion" ? NS_ASSERTION : NS_PROTOCOL}']`;
  signer.addReference({
    xpath: element,
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  // The signature goes right after the element's own Issuer, where the schema wants it.
  signer.computeSignature(xml, { location: { reference: `${element}/*[local-name(.)='Issuer']`, action: "after" } });
  return signer.getSignedXml();
}

/** A signed SAML Response as the XML string (see encodeResponse for the form value). */
export function buildResponseXml(idp: { entityId: string; key: SigningKey }, options: ResponseOptions): string {
  const now = options.now ?? new Date();
  const notBefore = options.notBefore ?? new Date(now.getTime() - 30_000);
  const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
  const issuer = escapeXml(options.issuer ?? idp.entityId);
  const assertionId = options.assertionId ?? newSamlId();
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escapeXml(options.inResponseTo)}"` : "";
  const destination = options.destination === null ? "" : ` Destination="${escapeXml(options.destination ?? options.acsUrl)}"`;
  const { user } = options;
  const attributes = [attribute("email", [user.email]), attribute("givenName", user.givenName ? [user.givenName] : []), attribute("familyName", user.familyName ? [user.familyName] : []), attribute("groups", user.groups ?? [])].join("");
  let assertion =
    `<saml:Assertion xmlns:saml="${NS_ASSERTION}" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${NAMEID_EMAIL}">${escapeXml(user.email)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${escapeXml(options.recipient ?? options.acsUrl)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${newSamlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : "") +
    `</saml:Assertion>`;
  const key = options.key ?? idp.key;
  if (options.signAssertion !== false) assertion = sign(assertion, key, "Assertion");
  let response =
    `<samlp:Response xmlns:samlp="${NS_PROTOCOL}" ID="${newSamlId()}" Version="2.0" IssueInstant="${iso(now)}"${destination}${inResponseTo}>` +
    `<saml:Issuer xmlns:saml="${NS_ASSERTION}">${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  if (options.signResponse !== false) response = sign(response, key, "Response");
  return options.tamper ? options.tamper(response) : response;
}

export const encodeResponse = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

export interface AuthnRequestInfo {
  id: string;
  issuer: string | null;
  acsUrl: string | null;
}

/** Reads an HTTP-Redirect-binding AuthnRequest (base64 of raw DEFLATE). Only what an IdP needs: id, issuer, ACS URL. */
export function readAuthnRequest(samlRequest: string): AuthnRequestInfo {
  const xml = inflateRawSync(Buffer.from(samlRequest, "base64")).toString("utf8");
  const attr = (name: string) => xml.match(new RegExp(`<(?:\\w+:)?AuthnRequest\\b[^>]*\\s${name}="([^"]*)"`))?.[1] ?? null;
  const issuer = xml.match(/<(?:\w+:)?Issuer\b[^>]*>([^<]*)<\/(?:\w+:)?Issuer>/)?.[1] ?? null;
  const id = attr("ID");
  if (!id) throw new Error("The AuthnRequest has no ID.");
  return { id, issuer, acsUrl: attr("AssertionConsumerServiceURL") };
}

/** The IdP's metadata XML, as an admin would download it from Okta or Entra ID. */
export function idpMetadataXml(entityId: string, ssoUrl: string, certificates: string[]): string {
  const keys = certificates
    .map((pem) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ""))
    .map((body) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`)
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}` +
    `<md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(ssoUrl)}"/>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}
