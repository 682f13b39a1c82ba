// What every server action returns to its form — ONE shape — and the one place that turns what
// an action threw into a message. Refusals the rules make (lifecycle errors, a token name taken,
// not allowed) show their own message; anything else is logged and shown as a generic message,
// so no internals leak and a refused action is never a 500.
import { z } from "zod";
import { actorFor, recordAccessDenied, requirePermissionForAction, type CurrentMember } from "@/lib/auth/session";
import { LastBreakGlassAdminError, LifecycleError, NotAllowedError } from "@/lib/lifecycle/errors";
import { recordBreakGlassRefusal } from "@/lib/lifecycle";
import { getDatabase } from "@/lib/db";
import type { Permission } from "@/lib/permissions/roles";
import { TokenNameTakenError } from "@/lib/tokens";
import { SsoConnectionError } from "@/lib/sso/connections";
import { RequireSsoError } from "@/lib/sso/require-sso";
import { IdpMetadataError } from "@/lib/sso/saml/idp-metadata";

/**
 * null before the first submission. `data` carries what a successful action hands back to its form
 * (a new token's secret, a workspace's slug); `code` a machine-readable reason a page can render.
 */
export type ActionResult<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string>; code?: string }
  | null;

export type ActionFailure = Extract<ActionResult, { ok: false }>;

const KNOWN: (abstract new (...args: never[]) => Error)[] = [LifecycleError, TokenNameTakenError, SsoConnectionError, RequireSsoError, IdpMetadataError];

export function actionError(error: unknown): ActionFailure {
  if (error instanceof NotAllowedError) return { ok: false, message: error.message, code: "not-allowed" };
  if (KNOWN.some((E) => error instanceof E)) return { ok: false, message: (error as Error).message };
  console.error("server action failed", error);
  return { ok: false, message: "Something went wrong. Nothing was changed; please try again." };
}

/**
 * Every server action runs through this: the signed-in member's role must have `permission`
 * (lib/permissions/roles.ts; checked first, inside the error handling: anyone else gets a
 * "not allowed" result with code "not-allowed", audited as `access.denied` — never a 500), then
 * `work` runs. The transitions it calls check the actor again inside their transactions.
 * `where` names the action in the audit event.
 */
export async function permittedAction<T>(
  permission: Permission,
  where: string,
  work: (member: CurrentMember) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  let member: CurrentMember | null = null;
  try {
    member = await requirePermissionForAction(permission, where);
    return await work(member);
  } catch (error) {
    // The role has the permission but the transition said no to this target (an Editor and an
    // Admin, a role above their own): a refusal too, audited like a missing permission.
    if (member && error instanceof NotAllowedError && error.reason === "not-permitted") await recordAccessDenied(member, permission, where, error.message);
    // A change that would have left a workspace requiring SSO without a break-glass admin has its
    // own event (the transaction that tried it rolled back).
    if (member && error instanceof LastBreakGlassAdminError) {
      await recordBreakGlassRefusal((await getDatabase()).prisma, error, { actor: actorFor(member), via: "admin" }).catch((failure) =>
        console.error("could not audit a break-glass refusal", failure),
      );
    }
    return actionError(error);
  }
}

/** An admin-only action (settings, tokens, SCIM, SSO): permittedAction("settings.manage", …). */
export function adminAction<T>(work: (admin: CurrentMember) => Promise<ActionResult<T>>, where = "admin action"): Promise<ActionResult<T>> {
  return permittedAction("settings.manage", where, work);
}

/** Zod issues → a first message and per-field messages for the form. */
export function invalidInput(error: z.ZodError): ActionFailure & { fieldErrors: Record<string, string> } {
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
