// A workspace's SSO connection (one per workspace: SAML 2.0 or OpenID Connect): read it, save it,
// delete it — admins only, each change audited — and find where an email signs in. The OIDC
// client secret is sealed (./secret-box) before it touches the database and never read back out
// to a page; the page learns only whether one is set.
import { z } from "zod";
import type { PrismaClient, SsoConnection } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { newId } from "@/lib/db/ids";
import { lockWorkspace, requireAdminActor } from "@/lib/lifecycle/admins";
import { userNameKey } from "@/lib/members/sql";
import { parseCertificates } from "./certificates";
import { sealSecret } from "./secret-box";

export type { SsoConnection } from "@/lib/generated/prisma/client";

export class SsoConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SsoConnectionError";
  }
}

/** What pages see: everything but the client secret (only whether one is stored). */
export type SsoConnectionView = Omit<SsoConnection, "oidcClientSecretEncrypted"> & { hasClientSecret: boolean };

export function toView(connection: SsoConnection): SsoConnectionView {
  const { oidcClientSecretEncrypted, ...rest } = connection;
  return { ...rest, hasClientSecret: Boolean(oidcClientSecretEncrypted) };
}

export async function getConnection(prisma: PrismaClient, workspaceId: string): Promise<SsoConnectionView | null> {
  const connection = await prisma.ssoConnection.findUnique({ where: { workspaceId } });
  return connection && toView(connection);
}

/** The full row (with the sealed secret) for the protocol code; null for a malformed or unknown id. */
export async function findConnectionById(prisma: PrismaClient, id: string): Promise<SsoConnection | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  return prisma.ssoConnection.findUnique({ where: { id } });
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const optionalText = (max: number) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.string().max(max).optional());
const optionalUrl = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v), z.url({ protocol: /^https?$/, error: "Enter a full http(s) URL." }).max(2000).optional());

/** What the Settings › SSO form submits (also the CLI/tests): validated here, at the edge of the domain. */
export const connectionInputSchema = z
  .object({
    protocol: z.enum(["SAML", "OIDC"]),
    displayName: z.string().trim().min(1, "Give the connection a name people recognise (e.g. Okta).").max(100),
    enabled: z.boolean().default(true),
    /** Comma-, space- or newline-separated email domains. */
    domains: z
      .string()
      .max(5000)
      .default("")
      .transform((text) => [...new Set(text.split(/[\s,;]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))])
      .refine((list) => list.every((d) => DOMAIN.test(d)), "Enter domains like example.com, separated by commas."),
    jitProvisioning: z.boolean().default(false),
    samlIdpEntityId: optionalText(2000),
    samlSsoUrl: optionalUrl,
    /** PEM blocks or base64 certificates, all in one text. */
    samlCertificates: z.string().max(100_000).default(""),
    oidcIssuer: optionalUrl,
    oidcClientId: optionalText(500),
    /** Empty keeps the stored secret (the page never shows it again). */
    oidcClientSecret: optionalText(2000),
  })
  .superRefine((input, ctx) => {
    // A switched-off connection may be a draft: saved first for its ACS URL and entity ID, which
    // the IdP asks for before it hands out its own metadata.
    if (!input.enabled) return;
    if (input.protocol === "SAML") {
      if (!input.samlSsoUrl) ctx.addIssue({ code: "custom", path: ["samlSsoUrl"], message: "Enter the IdP's single sign-on URL (or upload its metadata)." });
      if (!input.samlIdpEntityId) ctx.addIssue({ code: "custom", path: ["samlIdpEntityId"], message: "Enter the IdP's entity ID / issuer (or upload its metadata)." });
      if (!input.samlCertificates.trim()) ctx.addIssue({ code: "custom", path: ["samlCertificates"], message: "Add at least one IdP signing certificate (or upload its metadata)." });
    } else {
      if (!input.oidcIssuer) ctx.addIssue({ code: "custom", path: ["oidcIssuer"], message: "Enter the issuer URL." });
      if (!input.oidcClientId) ctx.addIssue({ code: "custom", path: ["oidcClientId"], message: "Enter the client ID." });
    }
  });

export type ConnectionInput = z.input<typeof connectionInputSchema>;

export interface AdminRequest {
  workspaceId: string;
  actorId: string;
  requestId?: string | null;
}

const AUDITED_FIELDS = ["protocol", "displayName", "enabled", "domains", "jitProvisioning", "samlIdpEntityId", "samlSsoUrl", "samlCertificates", "oidcIssuer", "oidcClientId"] as const;

/** Creates or replaces the workspace's connection (admins only; `sso.connection_saved`). */
export async function saveConnection(prisma: PrismaClient, request: AdminRequest & { input: ConnectionInput }): Promise<SsoConnectionView> {
  const parsed = connectionInputSchema.safeParse(request.input);
  if (!parsed.success) throw new SsoConnectionError(parsed.error.issues[0]?.message ?? "Check the form and try again.");
  const input = parsed.data;
  let certificates: string[];
  try {
    certificates = input.protocol === "SAML" ? parseCertificates(input.samlCertificates) : [];
  } catch (error) {
    throw new SsoConnectionError((error as Error).message);
  }
  return prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, request.workspaceId);
    const actor = await requireAdminActor(tx, request.workspaceId, request.actorId);
    const existing = await tx.ssoConnection.findUnique({ where: { workspaceId: request.workspaceId } });
    if (input.domains.length > 0) {
      // A domain routes sign-ins: two workspaces cannot both claim it.
      const [claimed] = await tx.$queryRaw<{ domain: string }[]>(Prisma.sql`
        SELECT d AS "domain" FROM "SsoConnection", unnest("domains") AS d
        WHERE "workspaceId" <> ${request.workspaceId}::uuid AND d = ANY(${input.domains}::text[]) LIMIT 1`);
      if (claimed) throw new SsoConnectionError(`The domain ${claimed.domain} is already claimed by another workspace's SSO connection.`);
    }
    const id = existing?.id ?? newId();
    const secretChanged = input.protocol === "OIDC" && input.oidcClientSecret !== undefined;
    if (input.protocol === "OIDC" && input.enabled && !secretChanged && !existing?.oidcClientSecretEncrypted) throw new SsoConnectionError("Enter the client secret.");
    const values = {
      protocol: input.protocol,
      displayName: input.displayName,
      enabled: input.enabled,
      domains: input.domains,
      jitProvisioning: input.jitProvisioning,
      samlIdpEntityId: input.protocol === "SAML" ? (input.samlIdpEntityId ?? null) : null,
      samlSsoUrl: input.protocol === "SAML" ? (input.samlSsoUrl ?? null) : null,
      samlCertificates: certificates,
      oidcIssuer: input.protocol === "OIDC" ? (input.oidcIssuer ?? null) : null,
      oidcClientId: input.protocol === "OIDC" ? (input.oidcClientId ?? null) : null,
      oidcClientSecretEncrypted: input.protocol === "OIDC" ? (secretChanged ? sealSecret(input.oidcClientSecret!, id) : existing?.oidcClientSecretEncrypted ?? null) : null,
    };
    const changed = AUDITED_FIELDS.filter((field) => JSON.stringify(existing?.[field] ?? null) !== JSON.stringify(values[field] ?? null));
    const trustChanged = changed.some((f) => f !== "displayName" && f !== "enabled" && f !== "domains" && f !== "jitProvisioning") || secretChanged;
    const saved = existing
      ? await tx.ssoConnection.update({
          where: { id },
          // A changed IdP makes the last test meaningless: Require SSO needs a new one.
          data: { ...values, version: { increment: changed.length > 0 || secretChanged ? 1 : 0 }, updatedAt: new Date(), ...(trustChanged && { lastTestedAt: null, lastTestResult: Prisma.DbNull }) },
        })
      : await tx.ssoConnection.create({ data: { id, workspaceId: request.workspaceId, ...values } });
    if (changed.length > 0 || secretChanged) {
      await recordAudit(tx, {
        workspaceId: request.workspaceId,
        actor,
        action: "sso.connection_saved",
        target: { type: "SsoConnection", id, label: input.displayName },
        requestId: request.requestId,
        details: { created: !existing, protocol: input.protocol, changed, clientSecretChanged: secretChanged, certificates: certificates.length },
      });
    }
    return toView(saved);
  });
}

/** Deletes the connection; Require SSO goes off with it, so nobody is locked out (`sso.connection_deleted`). */
export async function deleteConnection(prisma: PrismaClient, request: AdminRequest): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    await lockWorkspace(tx, request.workspaceId);
    const actor = await requireAdminActor(tx, request.workspaceId, request.actorId);
    const existing = await tx.ssoConnection.findUnique({ where: { workspaceId: request.workspaceId } });
    if (!existing) return false;
    await tx.ssoConnection.delete({ where: { id: existing.id } });
    const { count } = await tx.workspace.updateMany({ where: { id: request.workspaceId, requireSso: true }, data: { requireSso: false } });
    await recordAudit(tx, {
      workspaceId: request.workspaceId,
      actor,
      action: "sso.connection_deleted",
      target: { type: "SsoConnection", id: existing.id, label: existing.displayName },
      requestId: request.requestId,
      details: { protocol: existing.protocol, ...(count > 0 && { requireSsoTurnedOff: true }) },
    });
    return true;
  });
}

export type SsoRoute = { connectionId: string; displayName: string } | { ambiguous: true };

/**
 * Email-first sign-in: the enabled connection this email signs in with, or null (password).
 * The candidates are the enabled connections of the workspaces where the email is a (not
 * disabled) member, and the one that lists the email's domain (a domain belongs to one workspace
 * at most). One candidate → it. Several → the one claiming the domain, if one does; otherwise
 * `ambiguous` — never a silent pick, and never a list of workspaces: the person is told to use
 * their workspace's own sign-in link or the IdP's tile.
 */
export async function ssoRouteForEmail(prisma: PrismaClient, email: string): Promise<SsoRoute | null> {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at < 1 || at === address.length - 1) return null;
  const domain = address.slice(at + 1);
  const routes = await prisma.$queryRaw<{ connectionId: string; displayName: string; claimsDomain: boolean }[]>(Prisma.sql`
    SELECT c."id"::text AS "connectionId", c."displayName", (${domain} = ANY(c."domains")) AS "claimsDomain"
    FROM "SsoConnection" c
    WHERE c."enabled" AND (
      ${domain} = ANY(c."domains")
      OR EXISTS (SELECT 1 FROM "Member" m WHERE m."workspaceId" = c."workspaceId" AND ${userNameKey("m")} = ${address} AND m."status" <> 'DISABLED')
    )
    ORDER BY c."createdAt" ASC
    LIMIT 20`);
  const pick = routes.length === 1 ? routes[0] : routes.filter((r) => r.claimsDomain).length === 1 ? routes.find((r) => r.claimsDomain)! : null;
  if (pick) return { connectionId: pick.connectionId, displayName: pick.displayName };
  return routes.length > 1 ? { ambiguous: true } : null;
}
