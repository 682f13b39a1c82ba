import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/shell/auth-card";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { lookUpInvitation } from "@/lib/invitations/app";
import { INVITATION_PROBLEMS } from "@/lib/invitations/messages";
import { acceptInvitationAction } from "./actions";
import { AcceptForm } from "./accept-form";

export const dynamic = "force-dynamic";
// The secret is in the URL: never send it on to other sites, never index the page.
export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer", robots: { index: false, follow: false } };

const expiryFmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const secret = safeDecode((await params).token);
  // Opening the page changes nothing (mail scanners follow links); only submitting the form uses the invitation.
  const found = await lookUpInvitation(secret);

  if (!found.ok) {
    const page = INVITATION_PROBLEMS[found.problem];
    return (
      <AuthCard title={page.title}>
        <div data-invitation-problem={found.problem} className="space-y-4 text-sm text-slate-700">
          <p>{page.text}</p>
          {page.signIn ? (
            <p>
              <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">
                Go to sign in
              </Link>
            </p>
          ) : null}
        </div>
      </AuthCard>
    );
  }

  const inv = found.invitation;
  return (
    <AuthCard
      title={`Join ${inv.workspaceName}`}
      description={
        <>
          {inv.invitedBy} invited <strong className="font-medium text-slate-800">{inv.email}</strong> to the {inv.workspaceName} workspace. Choose a
          password to finish setting up your account. This link expires on {expiryFmt.format(inv.expiresAt)} UTC.
        </>
      }
    >
      <AcceptForm action={acceptInvitationAction.bind(null, secret)} email={inv.email} minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}
