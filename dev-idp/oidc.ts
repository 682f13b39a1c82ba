// The OpenID Connect side of the local identity provider (npm run dev:idp, and the tests): a real
// OpenID provider on `oidc-provider`, mounted under /oidc on the dev IdP's HTTP server. Its sign-in
// page is a list of the test users — one click signs that user in, no password — so Playwright can
// drive it; `signInWithoutBrowser` walks the same pages over HTTP for integration tests.
// For refusal tests it can be told to misbehave: the next ID tokens it issues carry altered claims
// (another issuer, another audience, an expiry in the past), re-signed with its own key, so the
// relying party's real verification is what refuses them.
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import Provider, { type KoaContext } from "oidc-provider";

export interface DevOidcUser {
  email: string;
  givenName?: string;
  familyName?: string;
  groups?: string[];
}

export interface DevOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface DevOidcOptions {
  /** The dev IdP's origin, e.g. http://127.0.0.1:4010; the issuer is `${origin}${mountPath}`. */
  origin: string;
  mountPath?: string;
  users: DevOidcUser[];
  clients: DevOidcClient[];
  /**
   * Put email, names and groups in the ID token (as Entra ID and Okta do). false: the ID token
   * carries only `sub` and the relying party must ask the userinfo endpoint.
   */
  claimsInIdToken?: boolean;
}

/** Claims to overwrite in the ID tokens the provider issues next (re-signed with its own key). */
export type IdTokenTampering = Record<string, unknown>;

export interface DevOidcProvider {
  issuer: string;
  mountPath: string;
  /** Serves a request whose path starts with mountPath. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Until called again with null, every ID token the token endpoint returns has these claims overwritten. */
  tamperIdTokens(claims: IdTokenTampering | null): void;
  /**
   * Follows an authorization URL through the provider's own pages as a browser would, picks the
   * user with that email, and returns the URL the provider sends the browser back to (the
   * relying party's redirect URI with code, state and iss).
   */
  signInWithoutBrowser(authorizationUrl: string, email: string): Promise<URL>;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function derivedUser(email: string): DevOidcUser {
  const local = email.split("@")[0] ?? email;
  const [given, ...rest] = local.split(/[._-]+/).filter(Boolean);
  const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  return { email, givenName: cap(given ?? local), familyName: rest.length ? cap(rest.join(" ")) : "Tester", groups: [] };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${base64url(sign("sha256", Buffer.from(input), key))}`;
}

function tamper(idToken: string, claims: IdTokenTampering, key: KeyObject): string {
  const [header, payload] = idToken.split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));
  return signJwt(header, { ...payload, ...claims }, key);
}

export function createDevOidcProvider(options: DevOidcOptions): DevOidcProvider {
  const mountPath = options.mountPath ?? "/oidc";
  const issuer = `${options.origin.replace(/\/+$/, "")}${mountPath}`;
  const users = new Map(options.users.map((user) => [user.email.toLowerCase(), user]));
  // Like the SAML side: any other email signs in too (names derived), so tests can sign in the
  // members they just provisioned.
  const userFor = (email: string): DevOidcUser => users.get(email.toLowerCase()) ?? derivedUser(email);

  // A fresh signing key per start: nothing to keep secret across runs of a development tool.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `dev-${randomBytes(6).toString("hex")}`;
  const signingJwk = { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const signingKey = createPrivateKey({ key: signingJwk, format: "jwk" });
  let tampering: IdTokenTampering | null = null;

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [signingJwk] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      // Like Entra's "groups claim": the groups come with the profile, no extra scope to ask for.
      profile: ["name", "given_name", "family_name", "groups"],
    },
    conformIdTokenClaims: options.claimsInIdToken === false,
    pkce: { required: () => true },
    // Short lives, set explicitly (oidc-provider warns about its defaults).
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, id: string) {
      if (!EMAIL.test(id)) return undefined;
      const user = userFor(id);
      return {
        accountId: id,
        async claims() {
          return {
            sub: user.email.toLowerCase(),
            email: user.email,
            email_verified: true,
            name: [user.givenName, user.familyName].filter(Boolean).join(" ") || undefined,
            given_name: user.givenName,
            family_name: user.familyName,
            groups: user.groups ?? [],
          };
        },
      };
    },
    // Every registered client is first-party here: consent is granted without asking.
    async loadExistingGrant(ctx: KoaContext) {
      const clientId = ctx.oidc.client!.clientId;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session?.grantIdFor(clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    async renderError(ctx: KoaContext, out: Record<string, string>) {
      ctx.body = `<!doctype html><title>Dev IdP error</title><h1>Dev IdP: ${escapeHtml(out.error ?? "error")}</h1><p>${escapeHtml(out.error_description ?? "")}</p>`;
    },
  });

  provider.use(async (ctx, next) => {
    await next();
    const body = ctx.body as { id_token?: unknown } | undefined;
    if (tampering && ctx.path === "/token" && ctx.status === 200 && typeof body?.id_token === "string") {
      ctx.body = { ...body, id_token: tamper(body.id_token, tampering, signingKey) };
    }
  });

  const providerCallback = provider.callback();
  const interactionPath = new RegExp(`^${mountPath}/interaction/([^/?]+)(/login)?(?:\\?|$)`);

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, isLogin: boolean): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    if (isLogin && req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      const email = (form.get("email") ?? "").trim().toLowerCase();
      if (!EMAIL.test(email)) {
        res.writeHead(400, { "content-type": "text/plain" }).end("Enter an email address");
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false });
      return;
    }
    const hint = typeof details.params.login_hint === "string" ? details.params.login_hint.toLowerCase() : "";
    const buttons = [...users.values()]
      .map(
        (user) =>
          `<li><button type="submit" name="email" value="${escapeHtml(user.email)}"${user.email.toLowerCase() === hint ? " autofocus" : ""}>` +
          `Sign in as ${escapeHtml(user.email)}</button> ${escapeHtml([user.givenName, user.familyName].filter(Boolean).join(" "))}` +
          `${user.groups?.length ? ` — groups: ${escapeHtml(user.groups.join(", "))}` : ""}</li>`,
      )
      .join("\n");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(
      `<!doctype html><html><head><title>Dev IdP — OpenID Connect sign-in</title></head><body style="font-family:system-ui;max-width:40rem;margin:3rem auto">` +
        `<h1>Dev IdP — OpenID Connect</h1><p>Client <code>${escapeHtml(String(details.params.client_id))}</code> asks who you are. ` +
        `This is the local test identity provider: pick a test user (no password).</p>` +
        `<form method="post" action="${mountPath}/interaction/${escapeHtml(uid)}/login"><ul>${buttons}</ul></form>` +
        `<form method="post" action="${mountPath}/interaction/${escapeHtml(uid)}/login"><label for="email">Or any other email</label> ` +
        `<input id="email" name="email" type="email" required value="${escapeHtml(hint)}"> <button type="submit">Sign in</button></form></body></html>`,
    );
  }

  return {
    issuer,
    mountPath,
    handle(req, res) {
      const match = interactionPath.exec(req.url ?? "");
      if (match) {
        interaction(req, res, match[1], Boolean(match[2])).catch((error: unknown) => {
          if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
          res.end(`Dev IdP interaction failed: ${error instanceof Error ? error.message : String(error)}`);
        });
        return;
      }
      // Mounted like Express would: oidc-provider finds its mount path from originalUrl vs url.
      const mounted = req as IncomingMessage & { originalUrl?: string };
      mounted.originalUrl = req.url;
      req.url = (req.url ?? "").slice(mountPath.length) || "/";
      providerCallback(req, res);
    },
    tamperIdTokens(claims) {
      tampering = claims;
    },
    async signInWithoutBrowser(authorizationUrl, email) {
      const cookies = new Map<string, string>();
      const remember = (response: Response) => {
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const at = pair.indexOf("=");
          const name = pair.slice(0, at).trim();
          const value = pair.slice(at + 1).trim();
          if (/expires=Thu, 01 Jan 1970/i.test(line) || value === "") cookies.delete(name);
          else cookies.set(name, value);
        }
      };
      const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
      const issuerOrigin = new URL(issuer).origin;

      let next = new URL(authorizationUrl);
      let body: URLSearchParams | undefined;
      for (let hop = 0; hop < 10; hop++) {
        if (next.origin !== issuerOrigin) return next; // back at the relying party
        const response = await fetch(next, {
          method: body ? "POST" : "GET",
          body,
          headers: { cookie: cookieHeader(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
          redirect: "manual",
        });
        remember(response);
        body = undefined;
        const location = response.headers.get("location");
        if (location) {
          next = new URL(location, next);
          continue;
        }
        const html = await response.text();
        const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
        if (response.status !== 200 || !action) throw new Error(`Dev IdP answered ${response.status}: ${html.slice(0, 300)}`);
        next = new URL(action.replace(/&amp;/g, "&"), next);
        body = new URLSearchParams({ email });
      }
      throw new Error("Dev IdP sign-in did not come back to the relying party");
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > 64 * 1024) reject(new Error("body too large"));
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

/**
 * The client `npm run dev:idp` registers: DEV_IDP_OIDC_CLIENT_ID, DEV_IDP_OIDC_CLIENT_SECRET and
 * DEV_IDP_OIDC_REDIRECT_URIS (comma-separated), defaulting to a Roster on http://localhost:3000.
 */
export function devOidcClientFromEnv(env: NodeJS.ProcessEnv = process.env): DevOidcClient {
  const redirectUris = (env.DEV_IDP_OIDC_REDIRECT_URIS ?? "http://localhost:3000/api/sso/oidc/callback")
    .split(",")
    .map((uri) => uri.trim())
    .filter(Boolean);
  return {
    clientId: env.DEV_IDP_OIDC_CLIENT_ID || "roster-dev",
    clientSecret: env.DEV_IDP_OIDC_CLIENT_SECRET || "roster-dev-secret",
    redirectUris,
  };
}
