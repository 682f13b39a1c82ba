// `npm run dev:idp`: the local identity provider on DEV_IDP_PORT (default 4010). Its signing key is
// kept in DATA_DIR/dev-idp-key.json so the certificate pasted into Settings › SSO survives restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateSigningKey, type SigningKey } from "./saml-idp";
import { devOidcClientFromEnv } from "./oidc";
import { startDevIdp } from "./server";

async function main() {
  const port = Number(process.env.DEV_IDP_PORT ?? 4010);
  const keyFile = path.join(process.env.DATA_DIR ?? ".data", "dev-idp-key.json");
  let key: SigningKey;
  if (existsSync(keyFile)) {
    key = JSON.parse(readFileSync(keyFile, "utf8")) as SigningKey;
  } else {
    key = await generateSigningKey();
    mkdirSync(path.dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(key), { mode: 0o600 });
  }
  const oidcClient = devOidcClientFromEnv();
  const idp = await startDevIdp({ port, host: process.env.DEV_IDP_HOST ?? "127.0.0.1", key, oidc: { clients: [oidcClient] } });
  console.log(`Roster dev IdP on ${idp.url}
  SAML metadata (upload in Settings › SSO): ${idp.samlMetadataUrl}
  SAML SSO URL: ${idp.samlSsoUrl}
  Entity ID:    ${idp.samlEntityId}
  IdP-initiated tile: ${idp.url}/saml/tile?acs=<ACS URL>&audience=<SP Entity ID>
  OpenID Connect issuer: ${idp.oidc!.issuer}
    client ID ${oidcClient.clientId}, client secret ${oidcClient.clientSecret} (DEV_IDP_OIDC_CLIENT_ID / _SECRET)
    redirect URIs: ${oidcClient.redirectUris.join(", ")} (DEV_IDP_OIDC_REDIRECT_URIS)
  Users: ${idp.users.map((u) => u.email).join(", ")} (any other email works too)`);
  const stop = () => idp.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
