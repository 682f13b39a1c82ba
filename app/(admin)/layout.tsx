import { requireAdmin } from "@/lib/auth/session";
import { AppShell } from "@/components/shell/app-shell";

// Every admin page reads the session and the database: never prerender at build time.
export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const member = await requireAdmin();
  return <AppShell member={member}>{children}</AppShell>;
}
