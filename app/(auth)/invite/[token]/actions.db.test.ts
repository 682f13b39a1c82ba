import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeProcessTestDatabase, openProcessTestDatabase, testEngine } from "@/lib/db/testing";
import type { Database } from "@/lib/db";
import { formData } from "@/lib/members/testing";
import { createLogTransport } from "@/lib/mail/transport";
import { deliverDueEmails } from "@/lib/mail/outbox-worker";
import { provisionInvitedMember, seedWorkspace, WORKER_OPTIONS } from "@/lib/mail/testing/fixtures";
import { findInvitationLink, secretOfLink } from "@/lib/mail/testing/mime";
import { acceptInvitationAction } from "./actions";

describe(`accept invitation action (${testEngine})`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openProcessTestDatabase();
  });
  afterAll(() => closeProcessTestDatabase(db));

  it("checks the confirmation and password rules, then accepts once and returns what sign-in needs", async () => {
    const { workspace } = await seedWorkspace(db.prisma);
    await provisionInvitedMember(db.prisma, workspace.id, "kat@example.com");
    const lines: string[] = [];
    await deliverDueEmails(db.sql, createLogTransport("x@y", (l) => lines.push(l)), new Date(), WORKER_OPTIONS);
    const secret = secretOfLink(findInvitationLink({ text: lines[0] })!);

    expect(await acceptInvitationAction(secret, null, formData({ password: "long enough pw", confirmPassword: "different pw!" }))).toEqual({
      ok: false,
      fieldErrors: { confirmPassword: "The two passwords do not match." },
    });
    expect(await acceptInvitationAction(secret, null, formData({ password: "kat@example.com", confirmPassword: "kat@example.com" }))).toEqual({
      ok: false,
      fieldErrors: { password: "The password must not be your email address." },
    });
    const ok = await acceptInvitationAction(secret, null, formData({ password: "long enough pw", confirmPassword: "long enough pw" }));
    expect(ok).toEqual({ ok: true, workspace: workspace.slug, email: "kat@example.com" });
    expect(await acceptInvitationAction(secret, null, formData({ password: "long enough pw", confirmPassword: "long enough pw" }))).toEqual({
      ok: false,
      problem: "used",
    });
    expect(await acceptInvitationAction("nonsense", null, formData({ password: "long enough pw", confirmPassword: "long enough pw" }))).toEqual({
      ok: false,
      problem: "unknown",
    });
  });
});
