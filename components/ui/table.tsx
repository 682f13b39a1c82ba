import type { ReactNode } from "react";

/** Column header cells of every admin table. */
export const th = "px-4 py-3 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase";

/**
 * The frame of an admin table: scrolls sideways on narrow screens, and is a labelled, focusable
 * region so keyboard users can scroll it too. `container` enables @container column breakpoints.
 */
export function TableFrame({ label, container = false, children }: { label: string; container?: boolean; children: ReactNode }) {
  return (
    <div className={`${container ? "@container " : ""}overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm`} role="region" aria-label={label} tabIndex={0}>
      <table className="min-w-full divide-y divide-slate-200">{children}</table>
    </div>
  );
}
