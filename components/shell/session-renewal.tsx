"use client";

import { getSession } from "next-auth/react";
import { useEffect } from "react";

const RENEW_EVERY_MS = 10 * 60 * 1000;

/**
 * Sliding sessions: while a signed-in page is open and visible, ask next-auth for the session now
 * and then — its answer re-issues the cookie with a fresh expiry — so only an idle session runs
 * out (lib/auth/options SESSION_MAX_AGE_SECONDS). Renders nothing.
 */
export function SessionRenewal() {
  useEffect(() => {
    const renew = () => {
      if (document.visibilityState === "visible") void getSession();
    };
    const timer = window.setInterval(renew, RENEW_EVERY_MS);
    document.addEventListener("visibilitychange", renew);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", renew);
    };
  }, []);
  return null;
}
