// Invitations as people meet them: the admin's invite form, the link's accept page (setting a
// password). The transitions themselves (queue, revoke, resend, accept) are lib/lifecycle's; the
// emails are rendered and sent by lib/mail/outbox-worker.ts.
export * from "./accept";
export * from "./inspect";
export * from "./invite-member";
export * from "./messages";
