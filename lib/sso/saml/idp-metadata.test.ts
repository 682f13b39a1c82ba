import { describe, expect, it } from "vitest";
import { generateSigningKey, idpMetadataXml } from "@/dev-idp/saml-idp";
import { IdpMetadataError, parseIdpMetadata } from "./idp-metadata";

describe("IdP metadata", () => {
  it("reads entity ID, redirect-binding SSO URL and every signing certificate", async () => {
    const [one, two] = await Promise.all([generateSigningKey("one"), generateSigningKey("two")]);
    const parsed = parseIdpMetadata(idpMetadataXml("http://idp.test/entity", "http://idp.test/sso", [one.certificate, two.certificate]));
    expect(parsed.entityId).toBe("http://idp.test/entity");
    expect(parsed.ssoUrl).toBe("http://idp.test/sso");
    expect(parsed.certificates.map((c) => c.replace(/\s/g, ""))).toEqual([one.certificate, two.certificate].map((c) => c.replace(/\s/g, "")));
  });

  it("refuses malformed XML, SP metadata, a DOCTYPE and metadata without certificates", () => {
    expect(() => parseIdpMetadata("<not xml")).toThrow(IdpMetadataError);
    expect(() => parseIdpMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>')).toThrow(/IDPSSODescriptor/);
    expect(() => parseIdpMetadata('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(/DOCTYPE/);
    expect(() => parseIdpMetadata(idpMetadataXml("e", "http://idp.test/sso", []))).toThrow(/certificate/);
  });
});
