"use server";

// Email-first sign-in: after the email, does the person go to an identity provider or type a
// password? The answer names no workspace; the SSO start route does the rest.
import { z } from "zod";
import { emailSignsInWithSso } from "@/lib/sso/app";

const emailSchema = z.string().trim().min(3).max(320);

export async function chooseSignInRoute(email: string): Promise<{ route: "sso" | "password" }> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return { route: "password" };
  return { route: (await emailSignsInWithSso(parsed.data)) ? "sso" : "password" };
}
