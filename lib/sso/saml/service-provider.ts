// Roster as a SAML 2.0 service provider, on @node-saml/node-saml (>= 5.1: the signature-wrapping
// fixes). Each connection is its own SP — its own ACS URL and entity ID (the audience) — so a
// response meant for one workspace is refused by another even when both trust the same IdP.
import { SAML, ValidateInResponseTo, type SamlConfig } from "@node-saml/node-saml";
import type { SsoConnection } from "@/lib/generated/prisma/client";

export const NAMEID_FORMAT_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** The attributes Roster reads (besides the NameID), by the names Okta and Entra ID send. */
export const SAML_ATTRIBUTES = {
  email: ["email", "mail", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "urn:oid:0.9.2342.19200300.100.1.3"],
  givenName: ["givenName", "firstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "urn:oid:2.5.4.42"],
  familyName: ["familyName", "lastName", "surname", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "urn:oid:2.5.4.4"],
  groups: ["groups", "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups"],
} as const;

export interface SpUrls {
  acsUrl: string;
  entityId: string;
  metadataUrl: string;
}

/** The values an IdP asks for. The SP entity ID is the metadata URL (unique per connection, resolvable). */
export function spUrls(origin: string, connectionId: string): SpUrls {
  const base = origin.replace(/\/+$/, "");
  const metadataUrl = `${base}/api/sso/saml/metadata/${connectionId}`;
  return { acsUrl: `${base}/api/sso/saml/acs/${connectionId}`, entityId: metadataUrl, metadataUrl };
}

export type SamlConnection = Pick<SsoConnection, "id" | "samlSsoUrl" | "samlCertificates" | "samlIdpEntityId">;

/**
 * node-saml for one connection. InResponseTo is checked by Roster against the database
 * (../pending-requests) rather than node-saml's in-memory cache, so it holds across instances.
 */
export function serviceProvider(connection: SamlConnection, origin: string, options: { clockSkewSeconds: number; requestId?: string }): SAML {
  const urls = spUrls(origin, connection.id);
  const config: SamlConfig = {
    callbackUrl: urls.acsUrl,
    issuer: urls.entityId,
    audience: urls.entityId,
    entryPoint: connection.samlSsoUrl ?? undefined,
    // An empty list would make node-saml throw "idpCert is required" at construction: the ACS
    // route refuses a connection without certificates before getting here.
    idpCert: connection.samlCertificates.length > 0 ? connection.samlCertificates : "missing",
    identifierFormat: NAMEID_FORMAT_EMAIL,
    // Signature on the response OR the assertion (node-saml checks whichever is present against idpCert only).
    wantAssertionsSigned: false,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: options.clockSkewSeconds * 1000,
    validateInResponseTo: ValidateInResponseTo.never,
    disableRequestedAuthnContext: true,
    ...(options.requestId && { generateUniqueId: () => options.requestId! }),
  };
  return new SAML(config);
}
