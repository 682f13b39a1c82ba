// Members and Groups tabs entry points, on the process database (app/ never touches Prisma).
import { onAppDatabase } from "@/lib/db";
import { changeMemberRole as changeMemberRoleOn } from "./change-role";
import { getGroupDetail as getGroupDetailOn } from "./get-group";
import { getMemberDetail as getMemberDetailOn } from "./get-member";
import { listGroups as listGroupsOn } from "./list-groups";
import { listMembers as listMembersOn } from "./list-members";
import { setMemberActive as setMemberActiveOn } from "./set-active";

export const listMembers = onAppDatabase(listMembersOn);
export const getMemberDetail = onAppDatabase(getMemberDetailOn);
export const listGroups = onAppDatabase(listGroupsOn);
export const getGroupDetail = onAppDatabase(getGroupDetailOn);
export const changeMemberRole = onAppDatabase(changeMemberRoleOn);
export const setMemberActive = onAppDatabase(setMemberActiveOn);
