"use client";

// The last step of an SSO sign-in: the one-time code arrives in the URL fragment (never sent to a
// server, so never in a log or a Referer) and is handed to next-auth's "sso" provider, which
// redeems it for the session. A code is single-use and lives a minute.
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { ssoRefusedPath } from "@/lib/auth/messages";
import { Notice } from "./form-field";

export function SsoCodeExchange() {
  const [failed, setFailed] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(window.location.hash.slice(1));
    const code = params.get("code") ?? "";
    const to = params.get("to") ?? "/";
    // Drop the code from the address bar and history at once.
    window.history.replaceState(null, "", window.location.pathname);
    (async () => {
      const result = code ? await signIn("sso", { code, redirect: false }).catch(() => null) : null;
      if (result?.ok && !result.error) {
        // next-auth's redirect callback keeps the target inside the app.
        window.location.assign(to.startsWith("/") && !to.startsWith("//") ? to : "/");
        return;
      }
      // Refused (e.g. started in another browser): the refusal page says why and what to do.
      const refused = ssoRefusedPath(result?.error);
      if (refused) {
        window.location.assign(refused);
        return;
      }
      setFailed(true);
    })();
  }, []);

  if (failed) {
    return (
      <Notice tone="error">
        This sign-in link was already used or has expired. <Link className="font-medium underline" href="/sign-in">
          Sign in again
        </Link>.
      </Notice>
    );
  }
  return <p className="text-sm text-slate-600" role="status">Signing you in…</p>;
}
