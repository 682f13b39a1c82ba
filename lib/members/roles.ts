// The roles and their labels are defined once, with what each may do (lib/permissions/roles.ts).
export { MEMBER_ROLES, ROLE_LABEL } from "@/lib/permissions/roles";
