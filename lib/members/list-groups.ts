// The Groups tab: every group, one row each as the IdP pushed it, with how many of its members
// are ACTIVE and how many are still INVITED (pending until they first sign in).
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { MemberRole, RecordSource } from "@/lib/generated/prisma/enums";
import { DEFAULT_PAGE_SIZE } from "./list-members";
import { prefixPattern } from "./sql";

export interface ListGroupsInput {
  workspaceId: string;
  /** Prefix of the group name. */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface GroupListRow {
  id: string;
  displayName: string;
  externalId: string | null;
  source: RecordSource;
  /** The role members of this group get (lib/lifecycle/roles), if any. */
  grantsRole: MemberRole | null;
  activeCount: number;
  pendingCount: number;
  disabledCount: number;
  /** The later of the group's own last update and its newest membership. */
  lastChangedAt: Date;
}

export interface GroupList {
  rows: GroupListRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  q: string;
}

const GROUP_NAME_KEY = Prisma.raw(`(lower(g."displayName") COLLATE "C")`);

export async function listGroups(prisma: PrismaClient, input: ListGroupsInput): Promise<GroupList> {
  const q = (input.q ?? "").trim().slice(0, 200);
  const pageSize = Math.min(Math.max(Math.trunc(input.pageSize ?? DEFAULT_PAGE_SIZE), 1), 200);
  const search = q ? Prisma.sql` AND ${GROUP_NAME_KEY} LIKE ${prefixPattern(q)}` : Prisma.empty;

  const [{ n: total }] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n" FROM "Group" g WHERE g."workspaceId" = ${input.workspaceId}::uuid${search}`;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(Math.trunc(input.page ?? 1) || 1, 1), pageCount);
  if (total === 0) return { rows: [], total, page, pageSize, pageCount, q };

  const groups = await prisma.$queryRaw<{ id: string; displayName: string; externalId: string | null; source: RecordSource; grantsRole: MemberRole | null; updatedAt: Date }[]>`
    SELECT g."id"::text AS "id", g."displayName", g."externalId", g."source"::text AS "source", g."grantsRole"::text AS "grantsRole", g."updatedAt"
    FROM "Group" g
    WHERE g."workspaceId" = ${input.workspaceId}::uuid${search}
    ORDER BY ${GROUP_NAME_KEY}, g."id"
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;

  // One aggregate for the whole page (the planner can hash-join a large "Everyone" group
  // instead of probing the member table once per membership).
  const counts = groups.length
    ? await prisma.$queryRaw<{ groupId: string; active: number; pending: number; disabled: number; lastAdded: Date | null }[]>`
    SELECT gm."groupId"::text AS "groupId",
           count(*) FILTER (WHERE m."status" = 'ACTIVE')::int AS "active",
           count(*) FILTER (WHERE m."status" = 'INVITED')::int AS "pending",
           count(*) FILTER (WHERE m."status" = 'DISABLED')::int AS "disabled",
           max(gm."addedAt") AS "lastAdded"
    FROM "GroupMembership" gm JOIN "Member" m ON m."id" = gm."memberId"
    WHERE gm."groupId" IN (${Prisma.join(groups.map((g) => Prisma.sql`${g.id}::uuid`))})
    GROUP BY gm."groupId"`
    : [];
  const byGroup = new Map(counts.map((c) => [c.groupId, c]));

  const rows = groups.map((g) => {
    const c = byGroup.get(g.id);
    const updated = new Date(g.updatedAt);
    const added = c?.lastAdded ? new Date(c.lastAdded) : null;
    return {
      id: g.id,
      displayName: g.displayName,
      externalId: g.externalId,
      source: g.source,
      grantsRole: g.grantsRole,
      activeCount: c?.active ?? 0,
      pendingCount: c?.pending ?? 0,
      disabledCount: c?.disabled ?? 0,
      lastChangedAt: added && added > updated ? added : updated,
    };
  });
  return { rows, total, page, pageSize, pageCount, q };
}
