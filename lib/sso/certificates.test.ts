import { describe, expect, it } from "vitest";
import selfsigned from "selfsigned";
import { CertificateError, describeCertificate, parseCertificates } from "./certificates";

describe("IdP certificates", () => {
  it("reads PEM blocks and bare base64 bodies, de-duplicated, and refuses garbage", async () => {
    const one = (await selfsigned.generate([{ name: "commonName", value: "one.test" }], { keySize: 2048 })).cert;
    const two = (await selfsigned.generate([{ name: "commonName", value: "two.test" }], { keySize: 2048 })).cert;
    const bareTwo = two.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, "");
    const parsed = parseCertificates(`${one}\n\n${bareTwo}\n\n${one}`);
    expect(parsed).toHaveLength(2);
    expect(describeCertificate(parsed[0]).subject).toContain("one.test");
    expect(describeCertificate(parsed[1]).subject).toContain("two.test");
    expect(parseCertificates("  ")).toEqual([]);
    expect(() => parseCertificates("hello world")).toThrow(CertificateError);
    expect(() => parseCertificates("QUJDRA==")).toThrow(CertificateError);
  });
});
