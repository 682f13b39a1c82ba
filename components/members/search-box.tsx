"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { input } from "@/components/ui/styles";

/**
 * Server-side search: typing updates `?q=` in the URL (debounced), which re-renders the page on
 * the server; nothing is filtered in the browser. Without JavaScript it is a plain GET form.
 * Other URL state (status filter, sort) is kept; the page number resets.
 */
export function SearchBox({ label, placeholder, keep = [] }: { label: string; placeholder: string; keep?: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const current = params.get("q") ?? "";
  const [value, setValue] = useState(current);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const id = useId();

  // Back/forward navigation (or a link) changes the URL under us: follow it, unless it is just
  // our own debounced update (same text, maybe without a trailing space the person is still typing).
  const [synced, setSynced] = useState(current);
  if (synced !== current) {
    setSynced(current);
    if (value.trim() !== current) setValue(current);
  }

  function navigate(next: string) {
    const query = new URLSearchParams(params.toString());
    const trimmed = next.trim();
    if (trimmed) query.set("q", trimmed);
    else query.delete("q");
    query.delete("page");
    if ((query.get("q") ?? "") === current && !params.has("page")) return;
    const qs = query.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  }

  function onChange(next: string) {
    setValue(next);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => navigate(next), 300);
  }

  return (
    <form
      role="search"
      action={pathname}
      onSubmit={(e) => {
        e.preventDefault();
        if (timer.current) clearTimeout(timer.current);
        navigate(value);
      }}
      className="relative w-full sm:max-w-sm"
    >
      {keep.map((k) => (params.get(k) ? <input key={k} type="hidden" name={k} value={params.get(k) ?? ""} /> : null))}
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        name="q"
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        className={`${input} pr-20`}
      />
      <span aria-hidden="true" className={`pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500 ${pending ? "" : "invisible"}`}>
        Searching…
      </span>
    </form>
  );
}
