import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { instanceHasWorkspace } from "@/lib/workspaces/app";

export const dynamic = "force-dynamic";

/** First run → setup; admins → Members; everyone else → My account; signed out → sign in. */
export default async function Home() {
  if (!(await instanceHasWorkspace())) redirect("/setup");
  const member = await requireMember();
  redirect(member.role === "ADMIN" ? "/members" : "/account");
}
