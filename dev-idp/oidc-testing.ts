// Tests' handle on the dev IdP's OpenID provider alone, on a free port (integration tests; the
// end-to-end specs start the whole dev IdP instead).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevOidcProvider, type DevOidcOptions, type DevOidcProvider } from "./oidc";

export const TEST_OIDC_USERS = [
  { email: "ada.lovelace@example.com", givenName: "Ada", familyName: "Lovelace", groups: ["Engineering"] },
  { email: "grace.hopper@example.com", givenName: "Grace", familyName: "Hopper", groups: ["Engineering", "Navy"] },
];

export async function startTestOidcProvider(
  options: Omit<DevOidcOptions, "origin" | "users"> & Partial<Pick<DevOidcOptions, "users">>,
): Promise<DevOidcProvider & { close(): Promise<void> }> {
  // Requests arrive only after listen() below, when `provider` exists.
  const server = createServer((req, res) => {
    if (req.url?.startsWith(provider.mountPath)) provider.handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const provider: DevOidcProvider = createDevOidcProvider({ users: TEST_OIDC_USERS, ...options, origin: `http://127.0.0.1:${port}` });
  return Object.assign(provider, {
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}
