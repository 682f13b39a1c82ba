// Several INSERTs sent as ONE statement: data-modifying CTEs. PostgreSQL runs a single statement
// atomically (all rows or none) and checks foreign keys at its end, so rows may reference each
// other (an invitation of a member inserted alongside). One round trip and no interactive
// transaction — the cheapest way to write a resource together with its audit trail.
import { Prisma } from "@/lib/generated/prisma/client";

/** `WITH main AS (<main>), s1 AS (<side effect>), … SELECT * FROM main`: main must RETURN its row. */
export function withSideEffects(main: Prisma.Sql, sideEffects: Prisma.Sql[]): Prisma.Sql {
  const ctes = [Prisma.sql`"main" AS (${main})`, ...sideEffects.map((statement, i) => Prisma.sql`${Prisma.raw(`"s${i + 1}"`)} AS (${statement})`)];
  return Prisma.sql`WITH ${Prisma.join(ctes, ", ")} SELECT * FROM "main"`;
}
