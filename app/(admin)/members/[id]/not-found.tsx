import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { link } from "@/components/ui/styles";

export default function MemberNotFound() {
  return (
    <EmptyState
      title="Member not found"
      action={
        <Link className={link} href="/members">
          Back to Members
        </Link>
      }
    >
      <p>This member doesn&apos;t exist in your workspace, or was deleted by your identity provider.</p>
    </EmptyState>
  );
}
