import { requirePermission } from "@/lib/auth/session";
import { AppShell } from "@/components/shell/app-shell";

// Every admin page reads the session and the database: never prerender at build time.
export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const member = await requirePermission("members.view", "admin area");
  return <AppShell member={member}>{children}</AppShell>;
}
