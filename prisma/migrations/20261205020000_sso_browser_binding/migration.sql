-- Login CSRF / session fixation on SP-initiated SSO (lib/sso/browser-binding.ts): a pending
-- request and the one-time sign-in code it leads to are bound to the browser that started the
-- sign-in, by a random HttpOnly cookie of which only the SHA-256 is stored here.
-- NULL on a code means "not bound" only for rows written before this migration (those expire
-- within a minute); every new pending request and code carries one, and a missing one is refused.
ALTER TABLE "SsoPendingRequest" ADD COLUMN "bindingHash" TEXT;
ALTER TABLE "SsoSignInCode" ADD COLUMN "bindingHash" TEXT;
-- The connection the code came through (for the refusal's audit event when it is redeemed in the wrong browser).
ALTER TABLE "SsoSignInCode" ADD COLUMN "connectionId" UUID;
