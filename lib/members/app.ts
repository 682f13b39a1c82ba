// Members and Groups tabs entry points, on the process database (app/ never touches Prisma):
// the reads of this folder, and the lifecycle transitions the admin door calls.
import { onAppDatabase, onAppTransactions } from "@/lib/db";
import { changeMemberRole as changeMemberRoleIn, setGroupRole as setGroupRoleIn, setMemberActive as setMemberActiveIn } from "@/lib/lifecycle";
import { getGroupDetail as getGroupDetailOn } from "./get-group";
import { getMemberDetail as getMemberDetailOn } from "./get-member";
import { listGroups as listGroupsOn } from "./list-groups";
import { listMembers as listMembersOn } from "./list-members";

export const listMembers = onAppDatabase(listMembersOn);
export const getMemberDetail = onAppDatabase(getMemberDetailOn);
export const listGroups = onAppDatabase(listGroupsOn);
export const getGroupDetail = onAppDatabase(getGroupDetailOn);
export const changeMemberRole = onAppTransactions(changeMemberRoleIn);
export const setMemberActive = onAppTransactions(setMemberActiveIn);
export const setGroupRole = onAppTransactions(setGroupRoleIn);
