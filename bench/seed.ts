// Seeds a benchmark directory with bulk SQL (INSERT … SELECT generate_series), never through the
// API: 100,000 members load in a few seconds on PostgreSQL. The same statements run on PGlite,
// so the embedded engine is seeded by the same code before its server starts.
import type { Database } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { createApiToken } from "@/lib/tokens";
import { memberId, seededUuid, seededUuidSql } from "./ids";

/** Runs one statement with $n parameters and returns its rows. */
export type SqlRunner = (sql: string, params?: unknown[]) => Promise<unknown[]>;

export function sqlRunnerFor(db: Database): SqlRunner {
  return (sql, params = []) => db.prisma.$queryRawUnsafe(sql, ...params) as Promise<unknown[]>;
}

export interface SeedOptions {
  /** Distinguishes seeded ids between runs and engines. */
  label: string;
  members: number;
  /** Members in the big group (default: half the directory). */
  bigGroupSize?: number;
  smallGroupSize?: number;
  /** Extra groups of 100 members each, so memberships are not only the two measured groups. */
  extraGroups?: number;
  /** Members of a second workspace with the same userNames (checks workspace scoping). */
  otherWorkspaceMembers?: number;
  adminPassword: string;
}

export interface SeededDirectory {
  label: string;
  workspaceId: string;
  workspaceSlug: string;
  /** Empty workspace the baseline server inserts into, so the measured one keeps its size. */
  floorWorkspaceId: string;
  members: number;
  bigGroupId: string;
  bigGroupSize: number;
  /** A group of bigGroupSize members that grants Editor (issue 19): adding one recomputes that member's role. */
  roleGroupId: string;
  smallGroupId: string;
  smallGroupSize: number;
  admin: { email: string; password: string; id: string };
  /** Fraction of seeded members with status INVITED (every tenth). */
  invitedEvery: number;
}

export const BENCH_SLUG = "bench";
const INVITED_EVERY = 10;

/** Planned layout; pure, so the scenarios can be built from it without a database. */
export function planDirectory(opts: SeedOptions): SeededDirectory {
  const bigGroupSize = Math.min(opts.bigGroupSize ?? Math.floor(opts.members / 2), opts.members);
  return {
    label: opts.label,
    workspaceId: seededUuid(`${opts.label}:workspace`),
    workspaceSlug: BENCH_SLUG,
    floorWorkspaceId: seededUuid(`${opts.label}:floor-workspace`),
    members: opts.members,
    bigGroupId: seededUuid(`${opts.label}:group:big`),
    bigGroupSize,
    roleGroupId: seededUuid(`${opts.label}:group:role`),
    smallGroupId: seededUuid(`${opts.label}:group:small`),
    smallGroupSize: Math.min(opts.smallGroupSize ?? 10, opts.members),
    admin: { email: "admin@bench.example", password: opts.adminPassword, id: memberId(opts.label, 0) },
    invitedEvery: INVITED_EVERY,
  };
}

export interface SeedTimings {
  members: number;
  memberships: number;
  totalMs: number;
}

// Members $3..$2 of workspace $1: every tenth INVITED (the Members page's ?status=invited filter),
// the rest ACTIVE, created one second apart so creation order (SCIM list order) is member order.
const insertMembersSql = (keyPrefix: string) => `
    INSERT INTO "Member" ("id", "workspaceId", "userName", "externalId", "givenName", "familyName", "formattedName",
      "displayName", "emails", "active", "status", "role", "source", "activatedAt", "createdAt", "updatedAt")
    SELECT ${seededUuidSql(`'${keyPrefix}:member:' || i`)}, $1::uuid, 'user' || i || '@bench.example', 'ext-' || i,
      'Given' || i, 'Family' || i, 'Given' || i || ' Family' || i, 'Given' || i || ' Family' || i,
      jsonb_build_array(jsonb_build_object('value', 'user' || i || '@bench.example', 'type', 'work', 'primary', true)),
      true,
      (CASE WHEN i % ${INVITED_EVERY} = 0 THEN 'INVITED' ELSE 'ACTIVE' END)::"MemberStatus",
      'VIEWER'::"MemberRole", 'SCIM'::"RecordSource",
      CASE WHEN i % ${INVITED_EVERY} = 0 THEN NULL ELSE now() END,
      now() - make_interval(secs => ($2::int - i)), now() - make_interval(secs => ($2::int - i))
    FROM generate_series($3::int, $2::int) AS i`;

/**
 * Grows a seeded directory to `total` members (members only: no invitations or groups), e.g. to
 * time the embedded engine's Members page at 100,000 members after its SCIM scenarios ran on 10,000.
 */
export async function growDirectory(run: SqlRunner, d: SeededDirectory, total: number): Promise<void> {
  if (total <= d.members) return;
  await run(insertMembersSql(d.label), [d.workspaceId, total, d.members + 1]);
  await run(`ANALYZE "Member"`);
}

export async function seedDirectory(run: SqlRunner, opts: SeedOptions): Promise<{ directory: SeededDirectory; timings: SeedTimings }> {
  const d = planDirectory(opts);
  const started = performance.now();
  const label = opts.label;
  const otherWsId = seededUuid(`${label}:other-workspace`);

  await run(
    `INSERT INTO "Workspace" ("id", "name", "slug") VALUES ($1::uuid, 'Bench', $2), ($3::uuid, 'Baseline floor', $4), ($5::uuid, 'Other', $6)`,
    [d.workspaceId, d.workspaceSlug, d.floorWorkspaceId, `${BENCH_SLUG}-floor`, otherWsId, `${BENCH_SLUG}-other`],
  );

  await run(insertMembersSql(label), [d.workspaceId, d.members, 1]);
  const otherMembers = opts.otherWorkspaceMembers ?? 1000;
  if (otherMembers > 0) await run(insertMembersSql(`${label}:other`), [otherWsId, otherMembers, 1]);

  // Every SCIM-created member was invited: an invitation (accepted unless still INVITED) and its
  // sent email. Without them the invitation tables start empty, PostgreSQL's first plans for the
  // foreign-key check EmailOutbox → Invitation are sequential scans, and with autovacuum off (this
  // machine) nothing replans them: POST /Users measured 37,855 scans reading 50 M rows in 10 s.
  await run(
    `INSERT INTO "Invitation" ("id", "workspaceId", "memberId", "tokenHash", "invitedBy", "expiresAt", "acceptedAt", "createdAt")
     SELECT ${seededUuidSql(`'${label}:invitation:' || i`)}, $1::uuid, ${seededUuidSql(`'${label}:member:' || i`)},
       md5('${label}:invitation-link:' || i), 'bench', now() + interval '7 days',
       CASE WHEN i % ${INVITED_EVERY} = 0 THEN NULL ELSE now() END, now() - make_interval(secs => ($2::int - i))
     FROM generate_series(1, $2::int) AS i`,
    [d.workspaceId, d.members],
  );
  await run(
    `INSERT INTO "EmailOutbox" ("id", "workspaceId", "invitationId", "kind", "toAddress", "status", "attempts", "nextAttemptAt", "sentAt", "createdAt", "updatedAt")
     SELECT ${seededUuidSql(`'${label}:email:' || i`)}, $1::uuid, ${seededUuidSql(`'${label}:invitation:' || i`)}, 'invitation',
       'user' || i || '@bench.example', 'SENT', 1, now() - make_interval(secs => ($2::int - i)), now(), now() - make_interval(secs => ($2::int - i)), now()
     FROM generate_series(1, $2::int) AS i`,
    [d.workspaceId, d.members],
  );

  const passwordHash = await hashPassword(opts.adminPassword);
  await run(
    `INSERT INTO "Member" ("id", "workspaceId", "userName", "displayName", "emails", "active", "status", "role", "source",
       "passwordHash", "activatedAt", "createdAt", "updatedAt")
     VALUES ($1::uuid, $2::uuid, $3, 'Bench Admin', jsonb_build_array(jsonb_build_object('value', $3::text, 'type', 'work', 'primary', true)),
       true, 'ACTIVE', 'ADMIN', 'MANUAL', $4, now(), now() - make_interval(secs => $5::int + 1), now())`,
    [d.admin.id, d.workspaceId, d.admin.email, passwordHash, d.members],
  );

  const memberIdSql = seededUuidSql(`'${label}:member:' || i`);
  const extraGroups = opts.extraGroups ?? 20;
  await run(
    `INSERT INTO "Group" ("id", "workspaceId", "displayName", "externalId", "source")
     VALUES ($1::uuid, $3::uuid, 'Bench big group', 'big', 'SCIM'), ($2::uuid, $3::uuid, 'Bench small group', 'small', 'SCIM')`,
    [d.bigGroupId, d.smallGroupId, d.workspaceId],
  );
  await run(
    `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
     SELECT $1::uuid, ${memberIdSql}, $2::uuid FROM generate_series(1, $3::int) AS i`,
    [d.bigGroupId, d.workspaceId, d.bigGroupSize],
  );
  await run(
    `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
     SELECT $1::uuid, ${memberIdSql}, $2::uuid FROM generate_series(1, $3::int) AS i`,
    [d.smallGroupId, d.workspaceId, d.smallGroupSize],
  );
  // The role-granting group: the same members as the big group, and "Members of this group get
  // Editor" (their effective role is Editor, as the recompute would have left it).
  await run(
    `INSERT INTO "Group" ("id", "workspaceId", "displayName", "externalId", "source", "grantsRole")
     VALUES ($1::uuid, $2::uuid, 'Bench editors', 'role', 'SCIM', 'EDITOR')`,
    [d.roleGroupId, d.workspaceId],
  );
  await run(
    `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
     SELECT $1::uuid, ${memberIdSql}, $2::uuid FROM generate_series(1, $3::int) AS i`,
    [d.roleGroupId, d.workspaceId, d.bigGroupSize],
  );
  await run(`UPDATE "Member" SET "role" = 'EDITOR' WHERE "id" IN (SELECT "memberId" FROM "GroupMembership" WHERE "groupId" = $1::uuid) AND "role" = 'VIEWER'`, [
    d.roleGroupId,
  ]);
  if (extraGroups > 0) {
    await run(
      `INSERT INTO "Group" ("id", "workspaceId", "displayName", "externalId", "source")
       SELECT ${seededUuidSql(`'${label}:group:team:' || g`)}, $1::uuid, 'Team ' || g, 'team-' || g, 'SCIM'
       FROM generate_series(1, $2::int) AS g`,
      [d.workspaceId, extraGroups],
    );
    // Team g holds 100 members spread over the directory: i = g, g + k, g + 2k, … (k = extraGroups).
    await run(
      `INSERT INTO "GroupMembership" ("groupId", "memberId", "workspaceId")
       SELECT ${seededUuidSql(`'${label}:group:team:' || g`)}, ${memberIdSql}, $1::uuid
       FROM generate_series(1, $2::int) AS g, LATERAL generate_series(g, LEAST($3::int, g + ($2::int) * 99), $2::int) AS i`,
      [d.workspaceId, extraGroups, d.members],
    );
  }
  await run(`ANALYZE`);
  const [{ n: memberships }] = (await run(`SELECT count(*)::int AS n FROM "GroupMembership"`)) as { n: number }[];
  return {
    directory: d,
    timings: { members: d.members + otherMembers + 1, memberships, totalMs: performance.now() - started },
  };
}

/** An API token for the bench workspace, made by the app's own token code (hash stored, secret returned). */
export async function createBenchToken(db: Database, workspaceId: string): Promise<string> {
  const token = await createApiToken(db.prisma, {
    workspaceId,
    name: `bench-${Date.now()}`,
    actor: { kind: "SYSTEM", label: "bench" },
  });
  return token.secret;
}
