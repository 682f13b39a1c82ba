import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { landingPath } from "@/lib/permissions/roles";
import { instanceHasWorkspace } from "@/lib/workspaces/app";

export const dynamic = "force-dynamic";

/** First run → setup; Admins and Editors → Members; Viewers and Guests → My account; signed out → sign in. */
export default async function Home() {
  if (!(await instanceHasWorkspace())) redirect("/setup");
  const member = await requireMember();
  redirect(landingPath(member.role));
}
