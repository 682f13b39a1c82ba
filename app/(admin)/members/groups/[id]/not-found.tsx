import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { link } from "@/components/ui/styles";

export default function GroupNotFound() {
  return (
    <EmptyState
      title="Group not found"
      action={
        <Link className={link} href="/members/groups">
          Back to Groups
        </Link>
      }
    >
      <p>This group doesn&apos;t exist in your workspace, or your identity provider deleted it.</p>
    </EmptyState>
  );
}
