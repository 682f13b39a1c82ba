// next-auth configuration: Credentials (workspace + email + password) with JWT sessions.
// Built lazily (on the first request, never at import) so `next build` needs neither a database
// nor a secret, and a missing NEXTAUTH_SECRET on PostgreSQL fails with a clear message.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { redeemSsoSignInCode } from "@/lib/sso/app";
import { browserBindingFromCookieHeader } from "@/lib/sso/browser-binding";
import { getEnv } from "@/lib/env";
import { endSessions } from "@/lib/lifecycle";
import { configuredPublicUrl, isProduction, publicOrigin } from "@/lib/public-url";
import { safeCallbackPath } from "./callback-path";
import { clientAddress } from "./client-address";
import { chooseWorkspaceError, DISABLED_ERROR, limitedError, SSO_REFUSED_ERROR, SSO_REQUIRED_ERROR } from "./messages";
import { getSessionSecret } from "./secret";
import { signInWithPassword, type SignInResult } from "./sign-in";
import { defaultWorkspaceSlug, signInWithPasswordByEmail, signInWithWorkspaceChoice } from "./workspace-choice";

export { DISABLED_ERROR } from "./messages";

/** A session unused this long ends (each visit to an admin page renews it: components/shell/session-renewal). */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

const credentialsSchema = z.object({
  workspace: z.string().max(100).optional().default(""),
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

let cached: NextAuthOptions | undefined;

/** The user next-auth puts in the session token, whichever provider signed the member in. */
function sessionUser(m: { id: string; workspaceId: string; sessionGeneration: number; userName: string; displayName: string | null }) {
  return { id: m.id, workspaceId: m.workspaceId, sessionGeneration: m.sessionGeneration, email: m.userName, name: m.displayName ?? m.userName };
}

/** A refused password sign-in, as next-auth's error code (the form words it: lib/auth/messages). */
function refuse(result: Exclude<SignInResult, { ok: true }>): null {
  if (result.reason === "disabled") throw new Error(DISABLED_ERROR);
  if (result.reason === "sso-required") throw new Error(SSO_REQUIRED_ERROR);
  // next-auth hands the message to the form as its error code.
  if (result.reason === "limited") throw new Error(limitedError(result.retryAfterMinutes));
  return null;
}

/**
 * next-auth 4 builds its redirects and cookie flags from NEXTAUTH_URL, or — when AUTH_TRUST_HOST is
 * set — from the request's Host / X-Forwarded-* headers, which a client can forge. With a public
 * URL configured (required in production, lib/public-url) it is pinned to it; only a development
 * server without one follows the request's host, so `npm run dev` works on any port unconfigured.
 */
export function configureNextAuthUrl(env = getEnv(), production = isProduction()): void {
  const publicUrl = configuredPublicUrl(env);
  if (publicUrl) {
    process.env.NEXTAUTH_URL ??= publicUrl;
    // Even an explicit AUTH_TRUST_HOST would let forwarded headers override NEXTAUTH_URL.
    delete process.env.AUTH_TRUST_HOST;
  } else if (!production) {
    process.env.AUTH_TRUST_HOST ??= "true";
  }
}

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  configureNextAuthUrl();
  cached = {
    secret: getSessionSecret(),
    // 12 hours without activity ends a session; an open admin page renews it (SessionRenewal).
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    events: {
      // Signing out revokes the session for good: a copy of the cookie taken before is refused too.
      async signOut({ token }) {
        if (typeof token?.memberId !== "string" || typeof token.workspaceId !== "string") return;
        const actor = { kind: "MEMBER" as const, id: token.memberId, label: typeof token.email === "string" ? token.email : token.memberId };
        await endSessions((await getDatabase()).sqlTransaction, { kind: "sign-in", actor }, { workspaceId: token.workspaceId, memberId: token.memberId, reason: "sign-out" });
      },
    },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Password",
        credentials: {
          workspace: { label: "Workspace", type: "text" },
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(raw, req) {
          const parsed = credentialsSchema.safeParse(raw ?? {});
          if (!parsed.success) return null;
          const db = await getDatabase();
          const clientAddr = clientAddress(req?.headers ?? {}, getEnv().TRUST_PROXY);
          // No workspace named (the email-first page on an instance with several): the password
          // finds it (./workspace-choice), or proves several and the person picks one.
          const workspaceSlug = parsed.data.workspace.trim() || (await defaultWorkspaceSlug(db.prisma));
          const result = workspaceSlug
            ? await signInWithPassword(db, { workspaceSlug, email: parsed.data.email, password: parsed.data.password, clientAddress: clientAddr })
            : await signInWithPasswordByEmail(db, { email: parsed.data.email, password: parsed.data.password, clientAddress: clientAddr });
          if (!result.ok) {
            if (result.reason === "choose-workspace") throw new Error(chooseWorkspaceError(result.token));
            return refuse(result);
          }
          return sessionUser(result.member);
        },
      }),
      // The workspace chooser: a password proved several memberships; the person picked one.
      CredentialsProvider({
        id: "workspace-choice",
        name: "Workspace",
        credentials: { token: { label: "Token", type: "text" }, workspace: { label: "Workspace", type: "text" } },
        async authorize(raw, req) {
          const token = typeof raw?.token === "string" ? raw.token : "";
          const workspace = typeof raw?.workspace === "string" ? raw.workspace.slice(0, 100) : "";
          const db = await getDatabase();
          const result = await signInWithWorkspaceChoice(db, { token, workspaceSlug: workspace, clientAddress: clientAddress(req?.headers ?? {}, getEnv().TRUST_PROXY) });
          if (!result.ok) return refuse(result);
          return sessionUser(result.member);
        },
      }),
      // SSO (lib/sso): the SAML/OIDC routes verify the IdP's answer and recorded the sign-in; the
      // browser hands over their one-time code here and gets the same session a password gives.
      CredentialsProvider({
        id: "sso",
        name: "Single sign-on",
        credentials: { code: { label: "Code", type: "text" } },
        async authorize(raw, req) {
          const code = typeof raw?.code === "string" ? raw.code : "";
          // Redeemed same-site: the binding cookie of the browser that started the sign-in must come along.
          const requestHeaders = new Headers(Object.entries(req?.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"));
          const binding = browserBindingFromCookieHeader(requestHeaders.get("cookie"), publicOrigin(requestHeaders));
          const redemption = await redeemSsoSignInCode(code, binding);
          // next-auth hands the message to the page as its error code: SsoRefused:<path of the refusal page>.
          if (!redemption.ok) {
            if (redemption.redirectTo) throw new Error(`${SSO_REFUSED_ERROR}:${redemption.redirectTo}`);
            return null;
          }
          return sessionUser(redemption.member);
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.memberId = user.id;
          token.workspaceId = (user as { workspaceId?: string }).workspaceId;
          token.sessionGeneration = (user as { sessionGeneration?: number }).sessionGeneration ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        session.memberId = typeof token.memberId === "string" ? token.memberId : undefined;
        session.workspaceId = typeof token.workspaceId === "string" ? token.workspaceId : undefined;
        session.sessionGeneration = typeof token.sessionGeneration === "number" ? token.sessionGeneration : undefined;
        return session;
      },
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
  };
  return cached;
}
