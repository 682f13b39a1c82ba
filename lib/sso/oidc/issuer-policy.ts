// Which issuer URLs Roster will talk to. OpenID Connect's security rests on TLS to the issuer
// (discovery, keys, the token endpoint that receives the client secret), so only https:// —
// except http:// on this machine's loopback address, for the local test IdP: always allowed
// outside production, and in production only when the operator says so
// (SSO_OIDC_ALLOW_HTTP_LOCALHOST=on, what the end-to-end tests of the production build use).

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export interface IssuerPolicy {
  production: boolean;
  allowHttpLocalhost: boolean;
}

export type IssuerCheck = { ok: true; url: URL; plainHttp: boolean } | { ok: false; problem: string };

export function checkIssuerUrl(issuer: string, policy: IssuerPolicy): IssuerCheck {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return { ok: false, problem: "The issuer must be a URL, e.g. https://login.microsoftonline.com/<tenant id>/v2.0." };
  }
  if (url.username || url.password) return { ok: false, problem: "The issuer URL must not contain a user name or password." };
  if (url.search || url.hash) return { ok: false, problem: "The issuer URL must not have a query (?…) or fragment (#…)." };
  if (url.protocol === "https:") return { ok: true, url, plainHttp: false };
  if (url.protocol !== "http:") return { ok: false, problem: "The issuer URL must start with https://." };
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, problem: "The issuer URL must start with https:// (http:// is accepted only for a test IdP on localhost)." };
  }
  if (policy.production && !policy.allowHttpLocalhost) {
    return {
      ok: false,
      problem: "An http://localhost issuer is a local test IdP; a production server accepts it only with SSO_OIDC_ALLOW_HTTP_LOCALHOST=on.",
    };
  }
  return { ok: true, url, plainHttp: true };
}
