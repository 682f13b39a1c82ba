// The base of links in emails. The worker runs outside any request, so it cannot use the Host
// header: PUBLIC_URL says where people reach Roster. Unset → http://localhost:3000 (next dev /
// next start defaults), which is only right on a developer's machine: set PUBLIC_URL in production.
import { getEnv } from "@/lib/env";

export const DEFAULT_PUBLIC_URL = "http://localhost:3000";

export function publicBaseUrl(): string {
  return (getEnv().PUBLIC_URL ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, "");
}
