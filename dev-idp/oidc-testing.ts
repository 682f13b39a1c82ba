// Tests' handle on the dev IdP's OpenID provider: the whole dev IdP (dev-idp/server.ts, so the
// /oidc mount is what is tested) on a free port, with the given OIDC clients.
import type { DevOidcOptions, DevOidcProvider } from "./oidc";
import { startDevIdp } from "./server";

export async function startTestOidcProvider(
  options: Omit<DevOidcOptions, "origin" | "users"> & Partial<Pick<DevOidcOptions, "users">>,
): Promise<DevOidcProvider & { close(): Promise<void> }> {
  const { users, ...oidc } = options;
  const idp = await startDevIdp({ port: 0, users, oidc });
  return Object.assign(idp.oidc!, { close: () => idp.close() });
}
