import type { CurrentMember } from "@/lib/auth/session";
import { ROLE_PERMISSIONS } from "@/lib/permissions/roles";
import { Brand } from "./brand";
import { MobileMenu } from "./mobile-menu";
import { SectionTabs } from "./section-tabs";
import { SidebarNav } from "./sidebar-nav";
import { SignedInPerson } from "./signed-in-person";

/** The admin app's frame: navigation (sidebar on laptops, a menu on phones), who is signed in, and the page. */
export function AppShell({ member, children }: { member: CurrentMember; children: React.ReactNode }) {
  const person = <SignedInPerson member={member} />;
  const permissions = ROLE_PERMISSIONS[member.role];
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="relative flex h-14 items-center justify-between border-b border-slate-200 bg-white px-4 md:hidden">
        <Brand href="/members" />
        <MobileMenu footer={person} permissions={permissions} />
      </header>
      <aside className="hidden w-64 shrink-0 flex-col border-r border-slate-200 bg-white md:flex md:min-h-screen" aria-label="Sidebar">
        <div className="border-b border-slate-200 px-4 py-4">
          <Brand href="/members" />
          <p className="mt-1 truncate text-xs text-slate-500" title={member.workspaceName}>
            {member.workspaceName}
          </p>
        </div>
        <div className="flex-1 overflow-y-auto px-2 py-4">
          <SidebarNav permissions={permissions} />
        </div>
        <div className="border-t border-slate-200 p-4">{person}</div>
      </aside>
      <div className="min-w-0 flex-1">
        <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 sm:px-6 lg:px-8">
          <div className="mb-6">
            <SectionTabs permissions={permissions} />
          </div>
          {children}
        </main>
      </div>
    </div>
  );
}
