// Configuration, validated once with zod. Read it through getEnv(); never read process.env elsewhere.
import { z } from "zod";

const intFromEnv = (fallback: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().positive().default(fallback));

/** Unset and empty ("DATABASE_URL=") both mean "not configured". */
const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);
const optionalString = () => z.preprocess(emptyIsUnset, z.string().min(1).optional());

const schema = z.object({
  /** PostgreSQL connection string. Unset → embedded PGlite in DATA_DIR. */
  DATABASE_URL: optionalString(),
  /** Where the embedded database (and a generated session secret) live when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default("./.data"),
  /** Connections per app instance when on PostgreSQL. */
  DATABASE_POOL_SIZE: intFromEnv(10),
  /** PostgreSQL statement_timeout for the app's statements, in ms (0 = none); a statement cut off answers 503 + Retry-After. Not enforced on PGlite. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().nonnegative().default(15_000)),
  /** Named (server-side prepared) statements for hot queries; "off" behind a pooler that cannot keep them (PgBouncer < 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.preprocess(emptyIsUnset, z.enum(["on", "off"]).default("on")),
  /** Most password hashes (Argon2id, ~40 ms of CPU and 19 MiB each) computed at once per process. */
  PASSWORD_HASH_CONCURRENCY: intFromEnv(2),
  /** Session signing secret. Required on PostgreSQL (all instances must share it); generated into DATA_DIR otherwise. */
  NEXTAUTH_SECRET: z.preprocess(emptyIsUnset, z.string().min(16, "use at least 16 characters (e.g. `openssl rand -base64 32`)").optional()),
  /** Public base URL (e.g. https://roster.example.com), used for SCIM locations and email links. */
  PUBLIC_URL: z.preprocess(emptyIsUnset, z.url().optional()),
  /** Largest SCIM request body accepted, in bytes (→ 413 above it). */
  SCIM_MAX_BODY_BYTES: intFromEnv(1024 * 1024),
  /** Most resources one SCIM list/search page returns. */
  SCIM_MAX_RESULTS: intFromEnv(1000),
  /** Most operations in one SCIM bulk request. */
  SCIM_BULK_MAX_OPERATIONS: intFromEnv(1000),
  /** Most terms (comparisons, `pr`) in one SCIM filter (→ 400 invalidFilter above it). */
  SCIM_FILTER_MAX_TERMS: intFromEnv(50),
  /** Most substring (co, sw, ew) and multi-valued-attribute terms in one SCIM filter: no index serves them. */
  SCIM_FILTER_MAX_EXPENSIVE_TERMS: intFromEnv(10),
  /** Longest string accepted anywhere in a SCIM body (→ 400 invalidValue above it). */
  SCIM_MAX_STRING_LENGTH: intFromEnv(8192),
  /** Longest userName, externalId, displayName, givenName or familyName; at most 600, what a database index entry can hold. */
  SCIM_MAX_NAME_LENGTH: z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().positive().max(600).default(256)),
  /** smtp://user:pass@host:port — unset means emails are written to the server log (refused in production unless MAIL_TRANSPORT=log). */
  SMTP_URL: optionalString(),
  /** "log" opts a production server into logging emails (invitation links included) instead of sending them. */
  MAIL_TRANSPORT: z.preprocess(emptyIsUnset, z.enum(["smtp", "log"]).optional()),
  MAIL_FROM: z.string().min(1).default("Roster <no-reply@roster.localhost>"),
  INVITATION_TTL_DAYS: intFromEnv(7),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests that change process.env. */
export function resetEnvCache(): void {
  cached = undefined;
}
