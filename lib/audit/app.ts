// Activity page entry points, on the process database (app/ never touches Prisma).
import { onAppDatabase } from "@/lib/db";
import { listAuditEvents as listAuditEventsOn, recentAuditActions as recentAuditActionsOn } from "./query";

export const listAuditEvents = onAppDatabase(listAuditEventsOn);
export const recentAuditActions = onAppDatabase(recentAuditActionsOn);
