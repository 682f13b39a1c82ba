// Shared class strings for buttons and inputs (admin pages). Kept as strings so server and client
// components can both use them; every interactive element keeps the global :focus-visible ring.
const base =
  "inline-flex items-center justify-center gap-1.5 rounded-md px-3 py-2 text-sm font-semibold whitespace-nowrap shadow-sm transition-colors disabled:cursor-not-allowed disabled:opacity-60";

export const button = {
  primary: `${base} bg-indigo-600 text-white hover:bg-indigo-500`,
  secondary: `${base} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`,
  danger: `${base} bg-red-600 text-white hover:bg-red-500`,
  dangerOutline: `${base} border border-red-300 bg-white text-red-700 hover:bg-red-50`,
  subtle: "inline-flex items-center gap-1 rounded px-1.5 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 hover:text-indigo-900",
} as const;

export const input =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none";

export const label = "block text-sm font-medium text-slate-800";

export const link = "font-medium text-indigo-700 hover:text-indigo-900 hover:underline";

export const card = "rounded-lg border border-slate-200 bg-white shadow-sm";
