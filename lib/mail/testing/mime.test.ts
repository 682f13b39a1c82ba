import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { decodeHeader, decodeQuotedPrintable, findInvitationLink, parseMail, secretOfLink } from "./mime";

// What nodemailer really writes (its stream transport builds the raw message, no network).
async function build(message: nodemailer.SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await transport.sendMail({ from: "Roster <no-reply@roster.test>", ...message });
  return (info.message as Buffer).toString("utf8");
}

describe("parseMail (test helper)", () => {
  it("reads the text and HTML parts, subject and recipients of a nodemailer message, long lines and all", async () => {
    const link = `https://roster.example.com/invite/${"A1b2_-".repeat(7)}x`;
    const raw = await build({
      to: "grace@example.com",
      subject: "Bienvenue à Acme ✓",
      text: `Héllo — ${"long line ".repeat(20)}\n\n${link}\n`,
      html: `<p>Héllo <a href="${link}">accept</a> ${"long line ".repeat(20)}</p>`,
    });
    const mail = parseMail(raw);
    expect(mail.subject).toBe("Bienvenue à Acme ✓");
    expect(mail.to).toBe("grace@example.com");
    expect(mail.text).toContain("Héllo —");
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.html).toContain(`href="${link}"`);
    expect(findInvitationLink(mail)).toBe(link);
    expect(secretOfLink(link)).toBe(`${"A1b2_-".repeat(7)}x`);
  });

  it("decodes quoted-printable soft breaks and encoded words", () => {
    expect(decodeQuotedPrintable("a=3Db=\r\nc =C3=A9")).toBe("a=bc é");
    expect(decodeHeader("=?UTF-8?B?w6k=?= and =?UTF-8?Q?caf=C3=A9_ok?=")).toBe("é and café ok");
    expect(findInvitationLink({ text: "no link here" })).toBeNull();
  });
});
