// Email: transports (SMTP or the server log), templates, and the outbox worker.
export * from "./base-url";
export * from "./outbox-list";
export * from "./outbox-worker";
export * from "./templates/invitation";
export * from "./transport";
