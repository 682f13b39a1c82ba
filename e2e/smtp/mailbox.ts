// Reading the e2e mail sink (e2e/smtp/server.mjs) from Playwright specs.
import { expect } from "@playwright/test";
import { findInvitationLink, parseMail, type ParsedMail } from "../../lib/mail/testing/mime";

export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);
export const E2E_SMTP_HTTP_PORT = Number(process.env.E2E_SMTP_HTTP_PORT ?? 2527);
/** What the app servers need in their env to send to the sink. */
export const E2E_SMTP_URL = `smtp://127.0.0.1:${E2E_SMTP_PORT}`;
const API = `http://127.0.0.1:${E2E_SMTP_HTTP_PORT}`;

export interface SinkMessage extends ParsedMail {
  id: number;
  envelopeTo: string[];
  receivedAt: string;
}

export async function messagesTo(address: string): Promise<SinkMessage[]> {
  const response = await fetch(`${API}/messages?to=${encodeURIComponent(address)}`);
  if (!response.ok) throw new Error(`mail sink answered ${response.status}`);
  const rows = (await response.json()) as { id: number; envelopeTo: string[]; receivedAt: string; raw: string }[];
  return rows.map((row) => ({ ...parseMail(row.raw), id: row.id, envelopeTo: row.envelopeTo, receivedAt: row.receivedAt }));
}

/** Waits (the outbox worker polls every few seconds) until `count` messages reached `address`. */
export async function waitForMessages(address: string, count = 1, timeout = 30_000): Promise<SinkMessage[]> {
  let latest: SinkMessage[] = [];
  await expect
    .poll(async () => (latest = await messagesTo(address)).length, { timeout, message: `email to ${address}` })
    .toBeGreaterThanOrEqual(count);
  return latest;
}

/** The invitation link in the newest message to `address` (after waiting for the `count`-th one). */
export async function invitationLinkFor(address: string, count = 1): Promise<string> {
  const messages = await waitForMessages(address, count);
  const link = findInvitationLink(messages[messages.length - 1]);
  if (!link) throw new Error(`no invitation link in the email to ${address}`);
  return link;
}
