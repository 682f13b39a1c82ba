import { redirect } from "next/navigation";

/** /settings has no page of its own: open its first tab. */
export default function SettingsIndex() {
  redirect("/settings/api");
}
