// The roles, in order of power, and how the UI names them: the one place for both.
import type { MemberRole } from "@/lib/generated/prisma/enums";

export const MEMBER_ROLES = ["ADMIN", "EDITOR", "VIEWER", "GUEST"] as const satisfies readonly MemberRole[];

export const ROLE_LABEL: Record<MemberRole, string> = { ADMIN: "Admin", EDITOR: "Editor", VIEWER: "Viewer", GUEST: "Guest" };
