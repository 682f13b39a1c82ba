// Configuration, validated once with zod. Read it through getEnv(); never read process.env elsewhere.
import { z } from "zod";

const intFromEnv = (fallback: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().positive().default(fallback));
/** Like intFromEnv, but 0 is allowed (it switches a limit off). */
const limitFromEnv = (fallback: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().nonnegative().default(fallback));
/** Proxies in front of Roster whose X-Forwarded-* headers to believe: off/false/0 (default), on/true (1), or a count. */
const proxyHops = z.preprocess(
  (v) => (v === undefined || v === "" ? 0 : /^(off|false|no)$/i.test(String(v)) ? 0 : /^(on|true|yes)$/i.test(String(v)) ? 1 : Number(v)),
  z.number({ error: "use off, on, or the number of proxies in front of Roster" }).int().nonnegative().max(10),
);

/** Unset and empty ("DATABASE_URL=") both mean "not configured". */
const emptyIsUnset = (v: unknown) => (v === "" ? undefined : v);
const optionalString = () => z.preprocess(emptyIsUnset, z.string().min(1).optional());

const schema = z.object({
  /** PostgreSQL connection string. Unset → embedded PGlite in DATA_DIR. */
  DATABASE_URL: optionalString(),
  /** Where the embedded database (and a generated session secret) live when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default("./.data"),
  /** The embedded database's buffer pool in MB (lib/db/engines.ts: DEFAULT_EMBEDDED_SHARED_BUFFERS_MB, 32, when unset). */
  EMBEDDED_SHARED_BUFFERS_MB: z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().min(1).max(4096).optional()),
  /** Connections per app instance when on PostgreSQL. */
  DATABASE_POOL_SIZE: intFromEnv(10),
  /** PostgreSQL statement_timeout for the app's statements, in ms (0 = none); a statement cut off answers 503 + Retry-After. Not enforced on PGlite. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.preprocess((v) => (v === undefined || v === "" ? undefined : Number(v)), z.number().int().nonnegative().default(15_000)),
  /** Named (server-side prepared) statements for hot queries; "off" behind a pooler that cannot keep them (PgBouncer < 1.21 in transaction mode). */
  DATABASE_PREPARED_STATEMENTS: z.preprocess(emptyIsUnset, z.enum(["on", "off"]).default("on")),
  /** Session signing secret. Required on PostgreSQL (all instances must share it); generated into DATA_DIR otherwise. */
  NEXTAUTH_SECRET: z.preprocess(emptyIsUnset, z.string().min(16, "use at least 16 characters (e.g. `openssl rand -base64 32`)").optional()),
  /** Public base URL (e.g. https://roster.example.com), used for SCIM locations and email links. */
  PUBLIC_URL: z.preprocess(emptyIsUnset, z.url().optional()),
  /** next-auth's own URL setting; counts as the public URL when PUBLIC_URL is unset. */
  NEXTAUTH_URL: z.preprocess(emptyIsUnset, z.url().optional()),
  /** How many reverse proxies' X-Forwarded-For/-Host/-Proto to trust (0 = none: the socket's peer and Host only). */
  TRUST_PROXY: proxyHops,
  /** Failed sign-ins per account (workspace + email) before it is locked for SIGN_IN_LOCK_MINUTES; 0 = no limit. */
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT: limitFromEnv(10),
  /** Failed sign-ins per client address (any account) before it is locked for SIGN_IN_LOCK_MINUTES; 0 = no limit. */
  SIGN_IN_MAX_FAILURES_PER_ADDRESS: limitFromEnv(50),
  /** Length of the counting window and of a lock-out, in minutes. */
  SIGN_IN_LOCK_MINUTES: intFromEnv(15),
  /** Password hashes (Argon2id, ~19 MiB and tens of ms of CPU each) computed at once per instance; more wait. */
  PASSWORD_HASH_CONCURRENCY: intFromEnv(2),
  /** How far apart Roster's and an identity provider's clocks may be when checking a SAML assertion's NotBefore/NotOnOrAfter, in seconds. */
  SSO_CLOCK_SKEW_SECONDS: intFromEnv(60),
  /** SCIM requests per second per bearer token (averaged over a 10 s window); 0 = no limit. */
  SCIM_RATE_LIMIT_PER_TOKEN: limitFromEnv(300),
  /** SCIM requests per second per workspace, all its tokens together; 0 = no limit. */
  SCIM_RATE_LIMIT_PER_WORKSPACE: limitFromEnv(600),
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
  /**
   * "on" lets a PRODUCTION server use an OpenID Connect issuer at http://localhost (or 127.0.0.1,
   * [::1]), e.g. a local test IdP. Outside production those are always allowed; any other http:// issuer never is.
   */
  SSO_OIDC_ALLOW_HTTP_LOCALHOST: z.preprocess(emptyIsUnset, z.enum(["on", "off"]).default("off")),
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
