import type { Metadata } from "next";
import Link from "next/link";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDate } from "@/components/ui/format";
import { PageHeader } from "@/components/ui/page-header";
import { button, card, link } from "@/components/ui/styles";
import { RelativeTime } from "@/components/ui/time";
import { requireAdmin } from "@/lib/auth/session";
import type { TokenStatus } from "@/lib/tokens";
import { listApiTokens } from "@/lib/tokens/app";
import { createTokenAction, revokeTokenAction } from "./actions";
import { TableFrame, th } from "@/components/ui/table";

export const metadata: Metadata = { title: "API tokens" };

const td = "px-4 py-3 text-sm";
const STATUS: Record<TokenStatus, { label: string; color: "green" | "slate" | "red" }> = {
  active: { label: "Active", color: "green" },
  expired: { label: "Expired", color: "slate" },
  revoked: { label: "Revoked", color: "red" },
};

export default async function ApiSettingsPage() {
  const admin = await requireAdmin("/settings/api");
  const tokens = await listApiTokens(admin.workspaceId);

  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            Bearer tokens for the SCIM API and other integrations. A token acts on the whole workspace: give each integration its own, and revoke it
            when it&apos;s no longer used. See <Link className={link} href="/settings/scim">SCIM setup</Link> for where to paste it.
          </>
        }
      />
      <section aria-labelledby="generate-title" className={`${card} mb-8 p-5`}>
        <h2 id="generate-title" className="mb-4 text-base font-semibold text-slate-900">
          Generate a token
        </h2>
        <CreateTokenForm action={createTokenAction} />
      </section>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title" className="mb-3 text-base font-semibold text-slate-900">
          Tokens
        </h2>
        {tokens.length === 0 ? (
          <EmptyState title="No tokens yet">
            <p>Generate one above to connect Okta, Microsoft Entra ID or a script.</p>
          </EmptyState>
        ) : (
          <TableFrame label="API tokens table" container>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={`${th} hidden @lg:table-cell`}>
                    Prefix
                  </th>
                  <th scope="col" className={`${th} hidden @6xl:table-cell`}>
                    Created by
                  </th>
                  <th scope="col" className={`${th} hidden @2xl:table-cell`}>
                    Created
                  </th>
                  <th scope="col" className={`${th} hidden @2xl:table-cell`}>
                    Last used
                  </th>
                  <th scope="col" className={`${th} hidden @3xl:table-cell`}>
                    Expires
                  </th>
                  <th scope="col" className={th}>
                    Status
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.map((t) => (
                  <tr key={t.id} data-token-name={t.name}>
                    <td className={`${td} max-w-[16rem] min-w-[9rem] font-medium break-words text-slate-900`}>
                      {t.name}
                      <div className="mt-0.5 font-mono text-xs font-normal text-slate-500 @lg:hidden">{t.prefix}…</div>
                      <div className="mt-0.5 text-xs font-normal break-all text-slate-500 @6xl:hidden">by {t.createdByLabel}</div>
                    </td>
                    <td className={`${td} hidden font-mono text-xs whitespace-nowrap text-slate-700 @lg:table-cell`}>{t.prefix}…</td>
                    <td className={`${td} hidden max-w-[14rem] break-all text-slate-700 @6xl:table-cell`}>{t.createdByLabel}</td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 @2xl:table-cell`}>{formatDate(t.createdAt)}</td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 @2xl:table-cell`}>
                      <RelativeTime date={t.lastUsedAt} />
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-700 @3xl:table-cell`}>{t.expiresAt ? formatDate(t.expiresAt) : "Never"}</td>
                    <td className={td}>
                      <Badge color={STATUS[t.status].color}>{STATUS[t.status].label}</Badge>
                    </td>
                    <td className={`${td} text-right`}>
                      {t.status === "revoked" ? null : (
                        <ConfirmDialog
                          triggerLabel="Revoke"
                          triggerClassName={button.dangerOutline}
                          title={`Revoke “${t.name}”?`}
                          confirmLabel="Revoke token"
                          tone="danger"
                          action={revokeTokenAction}
                          fields={{ tokenId: t.id }}
                        >
                          <p>
                            Every request using this token is refused from now on (HTTP 401). If an identity provider uses it, provisioning stops until you
                            give it a new token.
                          </p>
                        </ConfirmDialog>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
          </TableFrame>
        )}
      </section>
    </>
  );
}
