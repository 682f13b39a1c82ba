// Group detail: the group and its ACTIVE members, one page at a time. Invited members are not
// listed until they activate (first sign-in); the page says how many are waiting.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
import { DEFAULT_PAGE_SIZE } from "./list-members";
import { memberDisplayName, nameKey } from "./sql";

export interface GroupMemberRow {
  id: string;
  name: string;
  userName: string;
  role: MemberRole;
  source: RecordSource;
  addedAt: Date;
  lastSignInAt: Date | null;
}

export async function getGroupDetail(
  prisma: PrismaClient,
  input: { workspaceId: string; groupId: string; page?: number; pageSize?: number },
) {
  const group = await prisma.group.findFirst({ where: { id: input.groupId, workspaceId: input.workspaceId } });
  if (!group) return null;

  const byStatus = await prisma.$queryRaw<{ status: MemberStatus; n: number }[]>`
    SELECT m."status"::text AS "status", count(*)::int AS "n"
    FROM "GroupMembership" gm JOIN "Member" m ON m."id" = gm."memberId"
    WHERE gm."groupId" = ${group.id}::uuid
    GROUP BY m."status"`;
  const count = (s: MemberStatus) => byStatus.find((r) => r.status === s)?.n ?? 0;
  const activeCount = count("ACTIVE");
  const pendingCount = count("INVITED");
  const disabledCount = count("DISABLED");

  const pageSize = Math.min(Math.max(Math.trunc(input.pageSize ?? DEFAULT_PAGE_SIZE), 1), 200);
  const pageCount = Math.max(1, Math.ceil(activeCount / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);

  const rows =
    activeCount === 0
      ? []
      : await prisma.$queryRaw<
          {
            id: string;
            userName: string;
            displayName: string | null;
            givenName: string | null;
            familyName: string | null;
            role: MemberRole;
            source: RecordSource;
            addedAt: Date;
            lastSignInAt: Date | null;
          }[]
        >`
    SELECT m."id"::text AS "id", m."userName", m."displayName", m."givenName", m."familyName",
           m."role"::text AS "role", m."source"::text AS "source", gm."addedAt", m."lastSignInAt"
    FROM "GroupMembership" gm JOIN "Member" m ON m."id" = gm."memberId"
    WHERE gm."groupId" = ${group.id}::uuid AND m."status" = 'ACTIVE'
    ORDER BY ${nameKey("m")}, m."id"
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;

  const members: GroupMemberRow[] = rows.map((r) => ({
    id: r.id,
    name: memberDisplayName(r),
    userName: r.userName,
    role: r.role,
    source: r.source,
    addedAt: new Date(r.addedAt),
    lastSignInAt: r.lastSignInAt ? new Date(r.lastSignInAt) : null,
  }));
  return { group, members, activeCount, pendingCount, disabledCount, page, pageSize, pageCount };
}

export type GroupDetail = NonNullable<Awaited<ReturnType<typeof getGroupDetail>>>;
