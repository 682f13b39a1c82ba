"use server";
// Settings > API actions: create and revoke SCIM/API bearer tokens (admins only).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { actorFor } from "@/lib/auth/session";
import { adminAction, formFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { createApiToken, revokeApiToken } from "@/lib/tokens/app";

/** What the form shows once: the new token's secret. */
export interface CreatedToken {
  name: string;
  secret: string;
  prefix: string;
  expiresAt: string | null;
}

const createSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. “Okta SCIM”.").max(100, "Use at most 100 characters."),
  expiresInDays: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number({ message: "Expiry must be a number of days." }).int("Use whole days.").min(1, "At least 1 day.").max(3650, "At most 3650 days (10 years).").optional()),
});

export async function createTokenAction(_state: ActionResult<CreatedToken>, formData: FormData): Promise<ActionResult<CreatedToken>> {
  return adminAction(async (admin) => {
    const parsed = createSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const created = await createApiToken({ workspaceId: admin.workspaceId, name: parsed.data.name, expiresInDays: parsed.data.expiresInDays, actor: actorFor(admin) });
    revalidatePath("/settings/api");
    return {
      ok: true,
      message: `Token “${created.name}” created.`,
      data: { name: created.name, secret: created.secret, prefix: created.prefix, expiresAt: created.expiresAt?.toISOString() ?? null },
    };
  }, "createTokenAction");
}

const revokeSchema = z.object({ tokenId: z.uuid({ message: "Unknown token." }) });

export async function revokeTokenAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = revokeSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const revoked = await revokeApiToken({ workspaceId: admin.workspaceId, id: parsed.data.tokenId, actor: actorFor(admin) });
    revalidatePath("/settings/api");
    return revoked ? { ok: true, message: "Token revoked. Requests using it are refused from now on." } : { ok: false, message: "That token was already revoked." };
  }, "revokeTokenAction");
}
