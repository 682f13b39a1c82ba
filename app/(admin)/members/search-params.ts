// URL state of the Members tab, parsed leniently: anything unknown falls back to the default.
import { z } from "zod";
import { MEMBER_SORTS, MEMBER_STATUS_FILTERS } from "@/lib/members/list-members";
import { MEMBER_ROLES } from "@/lib/members/roles";

export type RawSearchParams = Record<string, string | string[] | undefined>;

export const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const schema = z.object({
  status: z.enum(MEMBER_STATUS_FILTERS).catch("active"),
  q: z.string().trim().max(200).catch(""),
  sort: z.enum(MEMBER_SORTS).catch("name"),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  role: z.enum(MEMBER_ROLES).nullable().catch(null),
});

export function parseMembersParams(raw: RawSearchParams) {
  return schema.parse({
    status: first(raw.status) ?? "active",
    q: first(raw.q) ?? "",
    sort: first(raw.sort) ?? "name",
    dir: first(raw.dir),
    page: first(raw.page) ?? 1,
    role: first(raw.role)?.toUpperCase() ?? null,
  });
}

export const pageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);
