// Deterministic ids for seeded rows, computable both in SQL and here, so the load scenarios can
// address member N without reading 100,000 ids back. The md5 digest is shaped into a valid
// version-4 UUID (version nibble 4, variant 10xx) so strict UUID validators accept it.
import { createHash } from "node:crypto";

/** The SQL twin of seededUuid(): same digest, same nibbles overwritten. `expr` is a text expression. */
export function seededUuidSql(expr: string): string {
  return `(overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17))::uuid`;
}

export function seededUuid(key: string): string {
  const hex = createHash("md5").update(key, "utf8").digest("hex");
  const v4 = `${hex.slice(0, 12)}4${hex.slice(13, 16)}8${hex.slice(17)}`;
  return `${v4.slice(0, 8)}-${v4.slice(8, 12)}-${v4.slice(12, 16)}-${v4.slice(16, 20)}-${v4.slice(20)}`;
}

/** Key of seeded member i (1-based) of a seed label. */
export const memberKey = (label: string, i: number) => `${label}:member:${i}`;
export const memberId = (label: string, i: number) => seededUuid(memberKey(label, i));
export const memberUserName = (i: number) => `user${i}@bench.example`;
