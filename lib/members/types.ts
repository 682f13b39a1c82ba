// The member vocabulary the UI renders (badges, filters), re-exported so app/ and components/
// never import the generated Prisma client themselves.
export type { MemberRole, MemberStatus, RecordSource } from "@/lib/generated/prisma/enums";
