// A small local identity provider for development and tests, with no internet: one HTTP server.
//   /saml/metadata   IdP metadata XML (paste or upload it in Settings › SSO)
//   /saml/sso        SP-initiated sign-in (HTTP-Redirect AuthnRequest) → a login form → the signed
//                    Response auto-posted to the SP's ACS URL
//   /saml/tile       IdP-initiated sign-in, like an Okta dashboard tile: ?acs=…&audience=…[&email=…]
//   /oidc/…          OpenID Connect provider (mounted by the sso-oidc work, see OIDC MOUNT below)
// Users: a few built-in test people; the login form accepts any other email too (names derived),
// so tests can sign in the members they just provisioned.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createDevOidcProvider, type DevOidcOptions, type DevOidcProvider } from "./oidc";
import { buildResponseXml, encodeResponse, generateSigningKey, idpMetadataXml, readAuthnRequest, type SamlUser, type SigningKey } from "./saml-idp";

export const DEFAULT_USERS: SamlUser[] = [
  { email: "ada@example.com", givenName: "Ada", familyName: "Lovelace", groups: ["Engineering"] },
  { email: "grace@example.com", givenName: "Grace", familyName: "Hopper", groups: ["Engineering", "Admins"] },
  { email: "alan@example.com", givenName: "Alan", familyName: "Turing", groups: ["Research"] },
];

/** Another handler mounted under a path prefix (the OIDC provider). Returns false to pass. */
export type Mount = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export interface DevIdpOptions {
  port?: number;
  host?: string;
  users?: SamlUser[];
  /** The signing key (generated when absent; main.ts keeps one on disk so the certificate stays put). */
  key?: SigningKey;
  /** Extra handlers tried before the SAML routes (sso-oidc mounts /oidc here). */
  mounts?: Mount[];
  /** The OpenID provider under /oidc (dev-idp/oidc.ts) and the clients it knows; absent = none. */
  oidc?: Omit<DevOidcOptions, "origin" | "users">;
}

export interface DevIdp {
  url: string;
  samlEntityId: string;
  samlSsoUrl: string;
  samlMetadataUrl: string;
  certificate: string;
  key: SigningKey;
  users: SamlUser[];
  /** The OpenID provider (issuer `${url}/oidc`) when `options.oidc` was given. */
  oidc: DevOidcProvider | null;
  /** Signs a response as this IdP would (for tests that post it themselves). */
  samlResponse(options: { acsUrl: string; audience: string; user: SamlUser; inResponseTo?: string }): string;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.4rem}
label{display:block;margin:.8rem 0 .3rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem;background:#4338ca;color:#fff;border:0;border-radius:.3rem}
.badge{display:inline-block;background:#fef3c7;color:#92400e;padding:.1rem .5rem;border-radius:.3rem;font-size:.8rem}code{font-size:.85rem}</style>
</head><body><p class="badge">Roster dev IdP — for development and tests only</p>${body}</body></html>`;
}

/** The HTTP-POST binding: a form that posts the response to the SP's ACS at once. */
function autoPost(acsUrl: string, samlResponse: string, relayState: string | null): string {
  return page(
    "Signing in…",
    `<h1>Signing you in…</h1><form method="post" action="${escapeHtml(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">${relayState ? `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">` : ""}
<noscript><button type="submit">Continue</button></noscript></form><script>document.forms[0].submit()</script>`,
  );
}

function loginForm(action: string, hidden: Record<string, string>, users: SamlUser[], heading: string): string {
  const fields = Object.entries(hidden).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
  const options = users.map((u) => `<option value="${escapeHtml(u.email)}">`).join("");
  return page(
    "Sign in — dev IdP",
    `<h1>${escapeHtml(heading)}</h1><form method="post" action="${escapeHtml(action)}">${fields}
<label for="email">Email</label><input id="email" name="email" type="email" list="users" required autofocus>
<datalist id="users">${options}</datalist>
<p>Test users: ${users.map((u) => `<code>${escapeHtml(u.email)}</code>`).join(", ")}. Any other email works too.</p>
<button type="submit">Sign in</button></form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function userFor(users: SamlUser[], email: string): SamlUser {
  const known = users.find((u) => u.email.toLowerCase() === email.toLowerCase());
  if (known) return known;
  const local = email.split("@")[0] ?? email;
  const [given, ...rest] = local.split(/[._-]+/).filter(Boolean);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return { email, givenName: cap(given ?? local), familyName: rest.length ? cap(rest.join(" ")) : "Tester", groups: [] };
}

export async function startDevIdp(options: DevIdpOptions = {}): Promise<DevIdp> {
  const key = options.key ?? (await generateSigningKey());
  const users = options.users ?? DEFAULT_USERS;
  const host = options.host ?? "127.0.0.1";
  let base = "";
  let oidc: DevOidcProvider | null = null;
  const idp = () => ({ entityId: `${base}/saml/metadata`, key });

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
    res.end(body);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    // ── OIDC MOUNT ── sso-oidc: the OIDC provider (oidc-provider) is mounted under /oidc through
    // `options.mounts`; each mount answers its own paths and returns false for everything else.
    for (const mount of options.mounts ?? []) if (await mount(req, res)) return;
    if (oidc && (url.pathname === oidc.mountPath || url.pathname.startsWith(`${oidc.mountPath}/`))) return oidc.handle(req, res);

    if (req.method === "GET" && url.pathname === "/") {
      return send(res, 200, "text/html; charset=utf-8", page("Roster dev IdP", `<h1>Roster dev IdP</h1><ul>
<li>SAML metadata: <a href="/saml/metadata"><code>${escapeHtml(base)}/saml/metadata</code></a></li>
<li>SAML SSO URL: <code>${escapeHtml(base)}/saml/sso</code></li>
<li>Entity ID / issuer: <code>${escapeHtml(idp().entityId)}</code></li>
<li>IdP-initiated (tile): <code>${escapeHtml(base)}/saml/tile?acs=&lt;ACS URL&gt;&amp;audience=&lt;SP Entity ID&gt;</code></li></ul>
<p>Users: ${users.map((u) => `<code>${escapeHtml(u.email)}</code>`).join(", ")}</p>`));
    }
    if (req.method === "GET" && url.pathname === "/saml/metadata") {
      return send(res, 200, "application/samlmetadata+xml; charset=utf-8", idpMetadataXml(idp().entityId, `${base}/saml/sso`, [key.certificate]));
    }
    if (req.method === "GET" && url.pathname === "/saml/sso") {
      const samlRequest = url.searchParams.get("SAMLRequest");
      if (!samlRequest) return send(res, 400, "text/plain", "Missing SAMLRequest");
      const request = readAuthnRequest(samlRequest);
      return send(res, 200, "text/html; charset=utf-8", loginForm("/saml/sso", { SAMLRequest: samlRequest, RelayState: url.searchParams.get("RelayState") ?? "" }, users, `Sign in to ${request.issuer ?? "the application"}`));
    }
    if (req.method === "POST" && url.pathname === "/saml/sso") {
      const form = await readForm(req);
      const request = readAuthnRequest(form.get("SAMLRequest") ?? "");
      if (!request.acsUrl || !request.issuer) return send(res, 400, "text/plain", "The AuthnRequest names no ACS URL or issuer.");
      const user = userFor(users, form.get("email") ?? "");
      const xml = buildResponseXml(idp(), { acsUrl: request.acsUrl, audience: request.issuer, user, inResponseTo: request.id, signResponse: false });
      return send(res, 200, "text/html; charset=utf-8", autoPost(request.acsUrl, encodeResponse(xml), form.get("RelayState") || null));
    }
    if (url.pathname === "/saml/tile") {
      const params = req.method === "POST" ? await readForm(req) : url.searchParams;
      const acs = params.get("acs");
      const audience = params.get("audience");
      if (!acs || !audience) return send(res, 400, "text/plain", "Give ?acs=<ACS URL>&audience=<SP Entity ID> (what the IdP's app settings would hold).");
      const email = params.get("email");
      if (!email) return send(res, 200, "text/html; charset=utf-8", loginForm("/saml/tile", { acs, audience }, users, "Open Roster (IdP-initiated)"));
      const xml = buildResponseXml(idp(), { acsUrl: acs, audience, user: userFor(users, email), signResponse: false });
      return send(res, 200, "text/html; charset=utf-8", autoPost(acs, encodeResponse(xml), null));
    }
    send(res, 404, "text/plain", "Not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 400, "text/plain", `Dev IdP: ${error instanceof Error ? error.message : String(error)}`);
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => resolve());
  });
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  if (options.oidc) oidc = createDevOidcProvider({ ...options.oidc, origin: base, users });
  return {
    url: base,
    samlEntityId: idp().entityId,
    samlSsoUrl: `${base}/saml/sso`,
    samlMetadataUrl: `${base}/saml/metadata`,
    certificate: key.certificate,
    key,
    users,
    oidc,
    samlResponse: (o) => encodeResponse(buildResponseXml(idp(), { ...o, signResponse: false })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections(); // the OIDC provider's keep-alive connections
        server.close(() => resolve());
      }),
  };
}
