"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { button } from "@/components/ui/styles";

/** Ends every session of the signed-in member (other browsers, copied cookies), then this one. */
export function SignOutEverywhere({ action }: { action: (state: ActionResult) => Promise<ActionResult> }) {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(action, null);
  useEffect(() => {
    if (!state?.ok) return;
    // This browser's cookie is already refused; clear it and go to the sign-in page.
    void signOut({ redirect: false }).finally(() => router.replace("/sign-in?reason=signed-out"));
  }, [state, router]);
  return (
    <form action={formAction} className="mt-3 flex flex-wrap items-center gap-3">
      <button type="submit" disabled={pending || state?.ok} className={button.secondary}>
        {pending ? "Signing out…" : "Sign out everywhere"}
      </button>
      {state && !state.ok ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
