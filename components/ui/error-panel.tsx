"use client";

import { useEffect } from "react";
import { button } from "./styles";

/**
 * The body of every admin error.tsx: a plain message and a retry, never the error's text or stack
 * (production builds only pass a digest to the client anyway; we show it so logs can be matched).
 */
export function ErrorPanel({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  useEffect(() => {
    // Visible in the browser console for whoever is debugging; the server log has the details.
    console.error(error.digest ? `Roster error ${error.digest}` : "Roster error");
  }, [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-6 py-10 text-center">
      <h2 className="text-base font-semibold text-red-900">We couldn&apos;t load {what}</h2>
      <p className="mx-auto mt-2 max-w-md text-sm text-red-800">
        Something went wrong on our side. Try again; if it keeps happening, check the server logs
        {error.digest ? (
          <>
            {" "}
            for reference <code className="rounded bg-red-100 px-1 font-mono text-xs">{error.digest}</code>
          </>
        ) : null}
        .
      </p>
      <button type="button" onClick={reset} className={`${button.secondary} mt-4`}>
        Try again
      </button>
    </div>
  );
}
