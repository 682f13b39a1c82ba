// How many members a workspace has, from the shard rows the "Member" triggers keep
// (prisma/migrations/20261129000000_member_counts): a few rows read instead of COUNT(*) over the
// workspace. Exact, not an estimate — the triggers write in the members' own statements.
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawSql } from "@/lib/db/raw-sql";

export async function countMembers(db: RawSql, workspaceId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>(Prisma.sql`
    SELECT COALESCE(sum("members"), 0)::int AS "n" FROM "MemberCount" WHERE "workspaceId" = ${workspaceId}::uuid`);
  return rows[0].n;
}
