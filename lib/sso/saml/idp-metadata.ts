// Reading an IdP's metadata XML (what Okta's "Identity Provider metadata" link and Entra ID's
// "Federation Metadata XML" download hold) into the three values a SAML connection needs: entity
// ID, single sign-on URL (HTTP-Redirect binding) and every signing certificate.
import { DOMParser } from "@xmldom/xmldom";
import { parseCertificates } from "../certificates";

export class IdpMetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IdpMetadataError";
  }
}

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  certificates: string[];
}

type El = { localName: string | null; getAttribute(name: string): string | null; getElementsByTagNameNS(ns: string, name: string): ArrayLike<El>; textContent: string | null };

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

export function parseIdpMetadata(xml: string): IdpMetadata {
  if (xml.length > 1_000_000) throw new IdpMetadataError("The metadata file is too large.");
  // No DTDs: metadata never needs one, and refusing them keeps entity tricks out.
  if (/<!DOCTYPE/i.test(xml)) throw new IdpMetadataError("Metadata with a DOCTYPE is not accepted.");
  let failed = false;
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: () => (failed = true), fatalError: () => (failed = true) } }).parseFromString(xml, "text/xml") as unknown as { documentElement: El | null };
  const root = doc.documentElement;
  if (failed || !root) throw new IdpMetadataError("This is not well-formed XML.");
  const entity = root.localName === "EntityDescriptor" ? root : Array.from(root.getElementsByTagNameNS(MD, "EntityDescriptor"))[0];
  const idp = entity && Array.from(entity.getElementsByTagNameNS(MD, "IDPSSODescriptor"))[0];
  if (!entity || !idp) throw new IdpMetadataError("No IdP (IDPSSODescriptor) found: is this the identity provider's metadata, not Roster's?");
  const entityId = entity.getAttribute("entityID")?.trim();
  if (!entityId) throw new IdpMetadataError("The metadata has no entityID.");
  const services = Array.from(idp.getElementsByTagNameNS(MD, "SingleSignOnService"));
  const sso = services.find((s) => s.getAttribute("Binding") === REDIRECT) ?? services[0];
  const ssoUrl = sso?.getAttribute("Location")?.trim();
  if (!ssoUrl) throw new IdpMetadataError("The metadata has no SingleSignOnService location.");
  const keys = Array.from(idp.getElementsByTagNameNS(MD, "KeyDescriptor")).filter((k) => (k.getAttribute("use") ?? "signing") === "signing");
  const bodies = keys.flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, "X509Certificate")).map((c) => (c.textContent ?? "").trim())).filter(Boolean);
  if (bodies.length === 0) throw new IdpMetadataError("The metadata has no signing certificate.");
  let certificates: string[];
  try {
    certificates = parseCertificates(bodies.join("\n\n"));
  } catch (error) {
    throw new IdpMetadataError((error as Error).message);
  }
  return { entityId, ssoUrl, certificates };
}
