"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Permission } from "@/lib/permissions/roles";
import { navFor } from "./navigation";

/** The admin navigation: sections with their sub-pages; the current page is marked for assistive tech. */
export function SidebarNav({ permissions, onNavigate }: { permissions: readonly Permission[]; onNavigate?: () => void }) {
  const pathname = usePathname() ?? "/";
  return (
    <nav aria-label="Main">
      <ul className="space-y-4">
        {navFor(permissions).map((section) => {
          const active = section.matches(pathname);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                onClick={onNavigate}
                aria-current={active && section.tabs.length === 0 ? "page" : undefined}
                className={`block rounded-md px-3 py-2 text-sm font-semibold ${active ? "bg-indigo-50 text-indigo-800" : "text-slate-800 hover:bg-slate-100"}`}
              >
                {section.label}
              </Link>
              {section.tabs.length > 0 ? (
                <ul className="mt-1 space-y-0.5 pl-3">
                  {section.tabs.map((tab) => {
                    const current = tab.matches(pathname);
                    return (
                      <li key={tab.href}>
                        <Link
                          href={tab.href}
                          onClick={onNavigate}
                          aria-current={current ? "page" : undefined}
                          className={`block rounded-md px-3 py-1.5 text-sm ${current ? "font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"}`}
                        >
                          {tab.label}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
