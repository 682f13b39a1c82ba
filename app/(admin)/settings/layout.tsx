import { requireAdmin } from "@/lib/auth/session";

// Settings (API tokens, SCIM, SSO, email) are for Admins only. Each page checks again: a layout is
// not re-rendered on every client-side navigation, so it is not the only gate.
export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  await requireAdmin("/settings");
  return <>{children}</>;
}
