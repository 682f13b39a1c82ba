"use server";
// Settings > API actions: create and revoke SCIM/API bearer tokens (admins only).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorFor, requireAdminForAction } from "@/lib/auth/session";
import { actionError, formFields, invalidInput, type ActionResult } from "@/lib/members/action-result";
import { createApiToken, revokeApiToken } from "@/lib/tokens/app";

export type CreateTokenResult =
  | { ok: true; message: string; token: { name: string; secret: string; prefix: string; expiresAt: string | null } }
  | { ok: false; message: string; fieldErrors?: Record<string, string> }
  | null;

const createSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. “Okta SCIM”.").max(100, "Use at most 100 characters."),
  expiresInDays: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ message: "Expiry must be a number of days." }).int("Use whole days.").min(1, "At least 1 day.").max(3650, "At most 3650 days (10 years).").optional()),
});

export async function createTokenAction(_state: CreateTokenResult, formData: FormData): Promise<CreateTokenResult> {
  const admin = await requireAdminForAction();
  const parsed = createSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const created = await createApiToken({
      workspaceId: admin.workspaceId,
      name: parsed.data.name,
      expiresInDays: parsed.data.expiresInDays,
      actor: actorFor(admin),
    });
    revalidatePath("/settings/api");
    return {
      ok: true,
      message: `Token “${created.name}” created.`,
      token: { name: created.name, secret: created.secret, prefix: created.prefix, expiresAt: created.expiresAt?.toISOString() ?? null },
    };
  } catch (error) {
    return actionError(error);
  }
}

const revokeSchema = z.object({ tokenId: z.uuid({ message: "Unknown token." }) });

export async function revokeTokenAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  const admin = await requireAdminForAction();
  const parsed = revokeSchema.safeParse(formFields(formData));
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const revoked = await revokeApiToken({ workspaceId: admin.workspaceId, id: parsed.data.tokenId, actor: actorFor(admin) });
    revalidatePath("/settings/api");
    return revoked ? { ok: true, message: "Token revoked. Requests using it are refused from now on." } : { ok: false, message: "That token was already revoked." };
  } catch (error) {
    return actionError(error);
  }
}
