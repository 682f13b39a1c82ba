// IdP signing certificates as admins paste them: PEM blocks, or the bare base64 an IdP's metadata
// carries. Normalised to PEM and parsed (node:crypto), so a broken paste is refused at save time
// instead of failing every sign-in later.
import { X509Certificate } from "node:crypto";

export class CertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CertificateError";
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;

function toPem(base64: string): string {
  const body = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+=*$/.test(body)) throw new CertificateError("A certificate is not valid base64 or PEM.");
  const pem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)!.join("\n")}\n-----END CERTIFICATE-----`;
  try {
    new X509Certificate(pem);
  } catch {
    throw new CertificateError("A certificate could not be parsed as X.509.");
  }
  return pem;
}

/** Every certificate in `text` — PEM blocks, and bare base64 bodies separated by blank lines — as normalised PEM, without duplicates. */
export function parseCertificates(text: string): string[] {
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => m[1]);
  const bare = text.replace(PEM_BLOCK, "\n\n").split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  return [...new Set([...blocks, ...bare].map(toPem))];
}

/** What the settings page shows for a certificate: subject, expiry and a SHA-256 fingerprint. */
export function describeCertificate(pem: string): { subject: string; validTo: string; fingerprint256: string } {
  const cert = new X509Certificate(pem);
  return { subject: cert.subject.replace(/\n/g, ", "), validTo: cert.validTo, fingerprint256: cert.fingerprint256 };
}
