// Secrets Roster must use again later (an OIDC client secret) are stored encrypted: AES-256-GCM
// with a key derived (HKDF-SHA-256) from the session secret, so a database dump alone reveals
// nothing, and a changed or tampered value is refused instead of decrypted into garbage.
// Values are never logged; errors say "cannot be decrypted", never what was inside.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getSessionSecret } from "@/lib/security/session-secret";

const VERSION = "v1";
const INFO = "roster sso secret-box v1";

export class SecretBoxError extends Error {
  constructor() {
    super("A stored secret cannot be decrypted (it was changed, or the session secret is not the one it was sealed with). Enter it again.");
    this.name = "SecretBoxError";
  }
}

function keyFrom(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "roster-sso", INFO, 32));
}

/**
 * Encrypts `plaintext`; `context` (e.g. the connection id) is bound as associated data, so a
 * sealed value copied to another row does not open there.
 */
export function sealSecret(plaintext: string, context: string, secret: string = getSessionSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(secret), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Decrypts a value made by sealSecret with the same context; SecretBoxError when it does not verify. */
export function openSecret(sealed: string, context: string, secret: string = getSessionSecret()): string {
  const [version, iv, body, tag, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || body === undefined || !tag || rest.length > 0) throw new SecretBoxError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError();
  }
}
