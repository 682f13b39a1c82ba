// The base of links in emails. The worker runs outside any request, so it cannot use the Host
// header: PUBLIC_URL (or NEXTAUTH_URL) says where people reach Roster. Unset → http://localhost:3000
// (the `npm run dev` default): only allowed outside production.
import { configuredPublicUrl } from "@/lib/public-url";

export const DEFAULT_PUBLIC_URL = "http://localhost:3000";

export function publicBaseUrl(): string {
  // Production cannot get here without one (lib/startup refuses to start).
  return configuredPublicUrl() ?? DEFAULT_PUBLIC_URL;
}
