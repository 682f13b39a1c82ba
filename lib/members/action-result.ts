// What admin server actions return to their forms, and how domain errors become messages.
// Unexpected errors are logged on the server and shown as a generic message (no internals leak).
import { z } from "zod";
import { NotAllowedError } from "@/lib/auth/errors";
import { TokenNameTakenError } from "@/lib/tokens";
import { CannotDeactivateSelfError, LastAdminError, MemberNotFoundError } from "./errors";

export type ActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> } | null;

const KNOWN = [NotAllowedError, LastAdminError, MemberNotFoundError, CannotDeactivateSelfError, TokenNameTakenError];

export function actionError(error: unknown): { ok: false; message: string } {
  if (KNOWN.some((E) => error instanceof E)) return { ok: false, message: (error as Error).message };
  console.error("admin action failed", error);
  return { ok: false, message: "Something went wrong. Nothing was changed; please try again." };
}

/** Zod issues → a first message and per-field messages for the form. */
export function invalidInput(error: z.ZodError): { ok: false; message: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { ok: false, message: Object.values(fieldErrors)[0] ?? "Check the form and try again.", fieldErrors };
}

/** FormData → plain object for zod (single values only). */
export function formFields(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of formData.entries()) if (typeof v === "string" && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}
