"use server";
// My account: "Sign out everywhere" — any signed-in member, for their own sessions only.
import { actionError, type ActionResult } from "@/lib/actions/result";
import { signOutEverywhere } from "@/lib/account";
import { getCurrentMember } from "@/lib/auth/session";

export async function signOutEverywhereAction(_state: ActionResult): Promise<ActionResult> {
  try {
    const member = await getCurrentMember();
    if (!member) return { ok: false, message: "You are not signed in." };
    await signOutEverywhere(member);
    return { ok: true, message: "Every session, this one included, has ended." };
  } catch (error) {
    return actionError(error);
  }
}
