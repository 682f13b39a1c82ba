// Invitations: inviting by email, resending, and accepting a link (setting a password).
// The emails themselves are rendered and sent by lib/mail/outbox-worker.ts.
export * from "./accept";
export * from "./address";
export * from "./errors";
export * from "./inspect";
export * from "./invite-member";
export * from "./messages";
export * from "./resend";
export * from "./secret";
