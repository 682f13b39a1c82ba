// A person's name for the members Roster creates itself (the first admin at setup or from the
// CLI, people invited on Settings › Email): given and family name are asked for, and the formatted
// and display names are derived from them, so the admin UI and SCIM (`name.givenName`,
// `name.familyName`, `name.formatted`, `displayName`) always agree. IdPs list members by name
// (Okta's SCIM test starts by reading the first user's name parts), so none is left without one.
import { z } from "zod";

export const NAME_PART_MAX_LENGTH = 100;

const namePart = (what: string) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(NAME_PART_MAX_LENGTH, `Use at most ${NAME_PART_MAX_LENGTH} characters for ${what}.`);

/** Validates and trims both parts; each is required. */
export const personNameSchema = z.object({
  givenName: namePart("a given name"),
  familyName: namePart("a family name"),
});

export type PersonName = z.infer<typeof personNameSchema>;

/** The Member columns a name sets: the parts, and "Given Family" as formatted and display name. */
export function memberNameColumns(name: PersonName) {
  const formatted = `${name.givenName} ${name.familyName}`;
  return { givenName: name.givenName, familyName: name.familyName, formattedName: formatted, displayName: formatted };
}

/**
 * One full name split into parts: the last word is the family name, everything before it the
 * given name ("Ada King Lovelace" → "Ada King" + "Lovelace"). Undefined for fewer than two words,
 * which cannot be split without guessing.
 */
export function splitFullName(fullName: string): PersonName | undefined {
  const words = fullName.trim().split(/\s+/).filter((word) => word !== "");
  if (words.length < 2) return undefined;
  return { givenName: words.slice(0, -1).join(" "), familyName: words[words.length - 1] };
}
