// SQL fragments shared by the admin member/group queries. The key expressions must match the
// expression indexes in prisma/migrations/20261128200000_admin_list_indexes byte for byte, or
// PostgreSQL will not use them (see the EXPLAIN checks in list-members.db.test.ts).
import { Prisma } from "@/lib/generated/prisma/client";

/** Lower-cased display name: displayName, else "givenName familyName", else userName. Byte order ("C"). */
export function nameKey(alias: string): Prisma.Sql {
  const a = Prisma.raw(`"${alias}"`);
  return Prisma.sql`(lower(COALESCE(NULLIF(btrim(${a}."displayName"), ''), NULLIF(btrim(COALESCE(${a}."givenName", '') || ' ' || COALESCE(${a}."familyName", '')), ''), ${a}."userName")) COLLATE "C")`;
}

/**
 * Lower-cased userName in byte order: the key of the unique index per workspace, which also serves
 * the email sort and prefix search. Equality lookups compare this (`= lower($email)`) to use it.
 */
export function userNameKey(alias: string): Prisma.Sql {
  return Prisma.raw(`(lower("${alias}"."userName") COLLATE "C")`);
}

export function familyNameKey(alias: string): Prisma.Sql {
  return Prisma.raw(`(lower("${alias}"."familyName") COLLATE "C")`);
}

/** A LIKE pattern matching values that start with `text` (wildcards in the text are literal). */
export function prefixPattern(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
}

/** The name the UI shows for a member, computed like nameKey() (but not lower-cased). */
export function memberDisplayName(m: {
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  userName: string;
}): string {
  const display = m.displayName?.trim();
  if (display) return display;
  const full = `${m.givenName ?? ""} ${m.familyName ?? ""}`.trim();
  return full || m.userName;
}

/** The primary email from SCIM `emails`, else the first one, else null. */
export function primaryEmail(emails: unknown): string | null {
  if (!Array.isArray(emails)) return null;
  const values = emails.filter((e): e is { value: string; primary?: unknown } => !!e && typeof e === "object" && typeof (e as { value?: unknown }).value === "string");
  return (values.find((e) => e.primary === true) ?? values[0])?.value ?? null;
}
