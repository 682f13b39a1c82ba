import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { instanceHasWorkspace } from "@/lib/workspaces/app";
import { AuthCard } from "@/components/shell/auth-card";
import { SetupForm } from "@/components/shell/setup-form";
import { setUpWorkspace } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Set up Roster" };

/** First run only: once any workspace exists this page is gone (404). */
export default async function SetupPage() {
  if (await instanceHasWorkspace()) notFound();
  return (
    <AuthCard title="Set up Roster" description="Create your workspace and its first administrator. You can invite everyone else afterwards.">
      <SetupForm action={setUpWorkspace} />
    </AuthCard>
  );
}
