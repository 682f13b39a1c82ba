import type { Metadata } from "next";
import { loadMyAccount } from "@/lib/account";
import { requireMember } from "@/lib/auth/session";
import { MemberHeader } from "@/components/shell/member-header";
import { ROLE_LABEL } from "@/lib/members/roles";
import { SignOutEverywhere } from "@/components/shell/sign-out-everywhere";
import { signOutEverywhereAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My account" };

const STATUS_LABEL = { INVITED: "Invited", ACTIVE: "Active", DISABLED: "Disabled" } as const;

export default async function AccountPage() {
  const member = await requireMember();
  const account = await loadMyAccount(member);
  const name = account?.displayName || [account?.givenName, account?.familyName].filter(Boolean).join(" ") || member.userName;
  return (
    <>
      <MemberHeader member={member} />
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">My account</h1>
        {account ? (
          <>
            <section aria-labelledby="profile-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <h2 id="profile-heading" className="text-base font-semibold">
                Profile
              </h2>
              <dl className="mt-4 grid grid-cols-1 gap-x-6 gap-y-4 text-sm sm:grid-cols-2">
                <Item label="Name" value={name} />
                <Item label="Email" value={account.emails.join(", ")} />
                <Item label="Workspace" value={account.workspaceName} />
                <Item label="Role" value={ROLE_LABEL[account.role]} />
                <Item label="Status" value={STATUS_LABEL[account.status]} />
                {account.title ? <Item label="Title" value={account.title} /> : null}
                {account.department ? <Item label="Department" value={account.department} /> : null}
              </dl>
            </section>
            <section aria-labelledby="groups-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <h2 id="groups-heading" className="text-base font-semibold">
                Groups
              </h2>
              {account.groups.length ? (
                <ul className="mt-3 flex flex-wrap gap-2">
                  {account.groups.map((g) => (
                    <li key={g.id} className="rounded-full bg-slate-100 px-3 py-1 text-sm text-slate-800">
                      {g.displayName}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-3 text-sm text-slate-600">You are not in any groups.</p>
              )}
            </section>
            <section aria-labelledby="sessions-heading" className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <h2 id="sessions-heading" className="text-base font-semibold">
                Sessions
              </h2>
              <p className="mt-2 text-sm text-slate-600">
                Signed in somewhere you no longer use, or lost a device? This ends every session of yours — in every browser — including this one.
                Sessions also end after 12 hours without activity.
              </p>
              <SignOutEverywhere action={signOutEverywhereAction} />
            </section>
            <p className="text-sm text-slate-600">To change your details or access, ask a workspace administrator.</p>
          </>
        ) : null}
      </main>
    </>
  );
}

function Item({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="mt-0.5 font-medium break-words text-slate-900">{value}</dd>
    </div>
  );
}
