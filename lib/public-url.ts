// Where people and identity providers reach Roster, and which request headers may say so.
// Host and X-Forwarded-* are written by the client unless a proxy the operator trusts rewrote
// them: `X-Forwarded-Host: evil.example` must not end up in a sign-in redirect, a cookie or a
// SCIM Location. So production requires a configured public URL (PUBLIC_URL, or next-auth's
// NEXTAUTH_URL) and builds every absolute URL from it; a request's own host is only used on a
// developer's machine, and forwarded headers only when TRUST_PROXY says a proxy writes them.
import { getEnv, type Env } from "@/lib/env";

export interface HeaderGetter {
  get(name: string): string | null;
}

export const isProduction = (): boolean => process.env.NODE_ENV === "production";

/** PUBLIC_URL, else NEXTAUTH_URL, without a trailing slash; undefined when neither is set. */
export function configuredPublicUrl(env: Pick<Env, "PUBLIC_URL" | "NEXTAUTH_URL"> = getEnv()): string | undefined {
  const url = env.PUBLIC_URL ?? env.NEXTAUTH_URL;
  return url ? url.replace(/\/+$/, "") : undefined;
}

/** The start-up check: production without a public URL refuses to start (null = fine). */
export function publicUrlProblem(env: Pick<Env, "PUBLIC_URL" | "NEXTAUTH_URL"> = getEnv(), production = isProduction()): string | null {
  if (!production || configuredPublicUrl(env)) return null;
  return (
    "PUBLIC_URL is not set. In production Roster builds every absolute URL (sign-in redirects, session cookies, " +
    "SCIM Location headers, email links) from PUBLIC_URL instead of the request's Host header, which a client controls. " +
    "Set PUBLIC_URL to the address people use, e.g. PUBLIC_URL=https://roster.example.com."
  );
}

const firstListed = (value: string | null) => value?.split(",")[0]?.trim() || undefined;
const LOCAL_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * The origin a request was addressed to: Host (the connection's own header), or X-Forwarded-Host
 * and -Proto only when `trustProxy` (TRUST_PROXY > 0). Only for when no public URL is configured.
 */
export function requestOrigin(headers: HeaderGetter, trustProxy: boolean, fallbackProto?: "http" | "https"): string {
  const host = (trustProxy && firstListed(headers.get("x-forwarded-host"))) || headers.get("host") || "localhost:3000";
  const proto = (trustProxy && firstListed(headers.get("x-forwarded-proto"))) || fallbackProto || (LOCAL_HOST.test(host) ? "http" : "https");
  return `${proto}://${host}`;
}

/** The origin for absolute URLs: the configured public URL, else (development) the request's origin. */
export function publicOrigin(headers: HeaderGetter, env: Env = getEnv(), fallbackProto?: "http" | "https"): string {
  return configuredPublicUrl(env) ?? requestOrigin(headers, env.TRUST_PROXY > 0, fallbackProto);
}
