"use client";

import { useState } from "react";
import type { Permission } from "@/lib/permissions/roles";
import { SidebarNav } from "./sidebar-nav";

/** On narrow screens the navigation folds behind a Menu button. */
export function MobileMenu({ footer, permissions }: { footer: React.ReactNode; permissions: readonly Permission[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-navigation"
        onClick={() => setOpen((v) => !v)}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700"
      >
        {open ? "Close menu" : "Menu"}
      </button>
      {open ? (
        <div id="mobile-navigation" className="absolute inset-x-0 top-14 z-20 border-b border-slate-200 bg-white p-4 shadow-lg">
          <SidebarNav permissions={permissions} onNavigate={() => setOpen(false)} />
          <div className="mt-4 border-t border-slate-200 pt-4">{footer}</div>
        </div>
      ) : null}
    </div>
  );
}
