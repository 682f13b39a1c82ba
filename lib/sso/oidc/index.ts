// OpenID Connect for SSO connections: start (authorization URL) and callback (check the answer,
// then lib/sso/finish). protocol.ts is the relying party itself, without storage.
export { startOidcSignIn, type OidcStartOptions } from "./start";
export { completeOidcSignIn, handleOidcCallback, oidcRefusalReason, type OidcCallbackInput } from "./callback";
export { oidcRedirectUri, type OidcConnection } from "./settings";
export { OIDC_SCOPES } from "./protocol";
