"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { Permission } from "@/lib/permissions/roles";
import { navFor, sectionFor } from "./navigation";

/** Tabs for the current section (Members | Groups, API | SCIM), rendered by the admin shell. */
export function SectionTabs({ permissions }: { permissions: readonly Permission[] }) {
  const pathname = usePathname() ?? "/";
  const section = sectionFor(pathname, navFor(permissions));
  if (!section || section.tabs.length === 0) return null;
  return (
    <nav aria-label={section.label} className="border-b border-slate-200">
      <ul className="-mb-px flex gap-4 overflow-x-auto">
        {section.tabs.map((tab) => {
          const current = tab.matches(pathname);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`inline-block border-b-2 px-1 pb-2 text-sm font-medium whitespace-nowrap ${
                  current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
                }`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
