"use server";

// Email-first sign-in: after the email, does the person go to an identity provider or type a
// password? The answer names no workspace; the SSO start route does the rest.
import { z } from "zod";
import { ssoRouteKindForEmail } from "@/lib/sso/app";
import { listWorkspaceChoices } from "@/lib/auth/workspace-choice";

const emailSchema = z.string().trim().min(3).max(320);

/**
 * "sso": the email's workspace signs in through its IdP; "sso-ambiguous": several workspaces' IdPs
 * would and none claims the email's domain (the person is told to use their workspace's link or
 * the IdP tile — no workspace is named); "password" otherwise.
 */
export async function chooseSignInRoute(email: string): Promise<{ route: "sso" | "sso-ambiguous" | "password" }> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { route: "password" };
  return { route: await ssoRouteKindForEmail(parsed.data) };
}

/**
 * The workspaces a password just proved (the one-time token the sign-in answered with): their
 * names, for the chooser. Nothing for a used, expired or made-up token.
 */
export async function workspaceChoicesFor(token: string): Promise<{ slug: string; name: string }[]> {
  if (typeof token !== "string" || token.length > 100) return [];
  return listWorkspaceChoices(token);
}
