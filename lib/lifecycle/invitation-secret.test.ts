import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateInvitationSecret, hashInvitationSecret, invitationLink, looksLikeInvitationSecret } from "./invitation-secret";

describe("invitation secrets", () => {
  it("are 32 random bytes in base64url, stored as their SHA-256", () => {
    const a = generateInvitationSecret();
    const b = generateInvitationSecret();
    expect(a.secret).not.toBe(b.secret);
    expect(Buffer.from(a.secret, "base64url")).toHaveLength(32);
    expect(looksLikeInvitationSecret(a.secret)).toBe(true);
    expect(a.hash).toBe(createHash("sha256").update(a.secret).digest("hex"));
    expect(hashInvitationSecret(a.secret)).toBe(a.hash);
    expect(a.hash).not.toContain(a.secret);
  });

  it("rejects malformed secrets before any lookup and builds links", () => {
    expect(looksLikeInvitationSecret("short")).toBe(false);
    expect(looksLikeInvitationSecret(`${"a".repeat(42)}=`)).toBe(false);
    expect(looksLikeInvitationSecret("a".repeat(44))).toBe(false);
    expect(invitationLink("https://r.example.com/", "s3cret")).toBe("https://r.example.com/invite/s3cret");
  });
});
