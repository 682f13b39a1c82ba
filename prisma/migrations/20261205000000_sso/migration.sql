-- Single sign-on (issue 18): one identity-provider connection per workspace, SAML 2.0 or OpenID
-- Connect, and the state a sign-in needs that must hold across several app instances (pending
-- requests, used assertion ids, one-time session codes) — all in the database, never in memory.

CREATE TYPE "SsoProtocol" AS ENUM ('SAML', 'OIDC');

-- "Require SSO": password sign-in refused except for break-glass members (Member."breakGlass").
ALTER TABLE "Workspace" ADD COLUMN "requireSso" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Member" ADD COLUMN "breakGlass" BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE "SsoConnection" (
  "id" uuid PRIMARY KEY DEFAULT roster_uuid_v7(),
  "workspaceId" uuid NOT NULL UNIQUE REFERENCES "Workspace"("id") ON DELETE CASCADE,
  "protocol" "SsoProtocol" NOT NULL,
  -- What people see: "Sign in with <displayName>".
  "displayName" text NOT NULL,
  "enabled" boolean NOT NULL DEFAULT true,
  -- Lower-cased email domains whose people are sent to this connection even before they are members.
  "domains" text[] NOT NULL DEFAULT '{}',
  "jitProvisioning" boolean NOT NULL DEFAULT false,
  -- SAML 2.0: the IdP's entity id, its SSO (redirect binding) URL and signing certificates (PEM;
  -- several, so a rotation causes no outage).
  "samlIdpEntityId" text,
  "samlSsoUrl" text,
  "samlCertificates" text[] NOT NULL DEFAULT '{}',
  -- OpenID Connect: the issuer (discovery), client id, and the client secret encrypted with a key
  -- derived from the session secret (never shown again, never logged).
  "oidcIssuer" text,
  "oidcClientId" text,
  "oidcClientSecretEncrypted" text,
  -- The last Test connection: when, whether it worked and what came back (or why it failed).
  "lastTestedAt" timestamptz(3),
  "lastTestResult" jsonb,
  "version" integer NOT NULL DEFAULT 1,
  "createdAt" timestamptz(3) NOT NULL DEFAULT now(),
  "updatedAt" timestamptz(3) NOT NULL DEFAULT now()
);

-- A sign-in the service provider started (SAML AuthnRequest id, or OIDC state with its PKCE
-- verifier and nonce in "data"), so whichever instance receives the answer can check it.
CREATE TABLE "SsoPendingRequest" (
  "id" text PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES "Workspace"("id") ON DELETE CASCADE,
  "connectionId" uuid NOT NULL REFERENCES "SsoConnection"("id") ON DELETE CASCADE,
  -- 'sign-in' or 'test' (Test connection, started by the admin in "memberId").
  "purpose" text NOT NULL,
  "memberId" uuid,
  "data" jsonb NOT NULL DEFAULT '{}',
  "expiresAt" timestamptz(3) NOT NULL,
  "createdAt" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "SsoPendingRequest_connectionId_idx" ON "SsoPendingRequest" ("connectionId");
CREATE INDEX "SsoPendingRequest_expiresAt_idx" ON "SsoPendingRequest" ("expiresAt");

-- Every SAML assertion id (and OIDC ID token jti/nonce) is accepted once per connection.
CREATE TABLE "SsoUsedAssertion" (
  "connectionId" uuid NOT NULL REFERENCES "SsoConnection"("id") ON DELETE CASCADE,
  "assertionId" text NOT NULL,
  "expiresAt" timestamptz(3) NOT NULL,
  PRIMARY KEY ("connectionId", "assertionId")
);
CREATE INDEX "SsoUsedAssertion_expiresAt_idx" ON "SsoUsedAssertion" ("expiresAt");

-- The bridge from an SSO route to a next-auth session: a one-time, short-lived code (stored as
-- its SHA-256) that the "sso" credentials provider exchanges for the session, once.
CREATE TABLE "SsoSignInCode" (
  "codeHash" text PRIMARY KEY,
  "workspaceId" uuid NOT NULL REFERENCES "Workspace"("id") ON DELETE CASCADE,
  "memberId" uuid NOT NULL REFERENCES "Member"("id") ON DELETE CASCADE,
  "callbackPath" text,
  "expiresAt" timestamptz(3) NOT NULL,
  "usedAt" timestamptz(3),
  "createdAt" timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX "SsoSignInCode_memberId_idx" ON "SsoSignInCode" ("memberId");
CREATE INDEX "SsoSignInCode_expiresAt_idx" ON "SsoSignInCode" ("expiresAt");
