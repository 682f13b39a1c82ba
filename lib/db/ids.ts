// Ids for rows the app inserts itself (raw SQL writes choose their ids up front so one statement
// can insert rows that reference each other). Time-ordered UUIDs (version 7), like the tables'
// default (migration 20261129120000_time_ordered_ids) and Prisma's uuid(7): new rows land at the
// right edge of every index keyed by an id instead of on a random page of it.
import { v7 as uuidv7 } from "uuid";

/** A new row id: a UUID version 7 (milliseconds since 1970, then random bits; monotonic in this process). */
export const newId = (): string => uuidv7();
