"use server";
// Settings › SSO: save or delete the connection, Require SSO, break-glass admins (admins only;
// every change audited by the domain functions in lib/sso and lib/lifecycle).
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { adminAction, formFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { deleteSsoConnection, saveSsoConnection, setBreakGlass, setWorkspaceRequireSso } from "@/lib/sso/app";
import { parseIdpMetadata } from "@/lib/sso/saml/idp-metadata";

const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

const formSchema = z.object({
  protocol: z.enum(["SAML", "OIDC"], { error: "Choose SAML 2.0 or OpenID Connect." }),
  displayName: z.string().max(100).default(""),
  enabled: checkbox,
  jitProvisioning: checkbox,
  domains: z.string().max(5000).default(""),
  idpMetadata: z.string().max(1_000_000).default(""),
  samlIdpEntityId: z.string().max(2000).default(""),
  samlSsoUrl: z.string().max(2000).default(""),
  samlCertificates: z.string().max(100_000).default(""),
  oidcIssuer: z.string().max(2000).default(""),
  oidcClientId: z.string().max(500).default(""),
  oidcClientSecret: z.string().max(2000).default(""),
});

export async function saveSsoConnectionAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = formSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    const { idpMetadata, ...input } = parsed.data;
    // Uploaded or pasted IdP metadata fills the three SAML values (and wins over the manual fields).
    if (input.protocol === "SAML" && idpMetadata.trim()) {
      const metadata = parseIdpMetadata(idpMetadata);
      Object.assign(input, { samlIdpEntityId: metadata.entityId, samlSsoUrl: metadata.ssoUrl, samlCertificates: metadata.certificates.join("\n\n") });
    }
    await saveSsoConnection({ workspaceId: admin.workspaceId, actorId: admin.id, input });
    revalidatePath("/settings/sso");
    return { ok: true, message: input.enabled ? "Connection saved. Run Test connection to check it end to end." : "Connection saved (switched off)." };
  });
}

export async function deleteSsoConnectionAction(_state: ActionResult, _formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    await deleteSsoConnection({ workspaceId: admin.workspaceId, actorId: admin.id });
    revalidatePath("/settings/sso");
    return { ok: true, message: "Connection deleted. Everyone signs in with a password again." };
  });
}

const switchSchema = z.object({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export async function setRequireSsoAction(_state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = switchSchema.safeParse(formFields(formData));
    if (!parsed.success) return invalidInput(parsed.error);
    await setWorkspaceRequireSso({ workspaceId: admin.workspaceId, actorId: admin.id, enabled: parsed.data.enabled });
    revalidatePath("/settings/sso");
    return { ok: true, message: parsed.data.enabled ? "SSO is required." : "Password sign-in is allowed again." };
  });
}

export async function setBreakGlassAction(memberId: string, _state: ActionResult, formData: FormData): Promise<ActionResult> {
  return adminAction(async (admin) => {
    const parsed = switchSchema.safeParse(formFields(formData));
    if (!parsed.success || !z.uuid().safeParse(memberId).success) return { ok: false, message: "Check the form and try again." };
    await setBreakGlass({ workspaceId: admin.workspaceId, actorId: admin.id, memberId, breakGlass: parsed.data.enabled });
    revalidatePath("/settings/sso");
    return { ok: true, message: parsed.data.enabled ? "Break-glass admin." : "No longer a break-glass admin." };
  });
}
