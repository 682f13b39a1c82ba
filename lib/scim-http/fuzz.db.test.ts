// A bounded fuzz run of the SCIM HTTP layer (issue 17): random filters, PATCH documents, query
// parameters and bodies — NUL bytes, lone surrogates, huge strings, deep nesting, numbers where
// strings belong — through the real route handler on this engine. The rule: zero 5xx, zero hangs.
// Bounded (FUZZ_RUNS, default 400 requests) so it runs in `npm test`; FUZZ_RUNS=5000 for a long run.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { BULK_REQUEST, closeScimTestDatabase, createTestWorkspace, GROUP_SCHEMA, newUser, openScimTestDatabase, PATCH_OP, SEARCH_REQUEST, USER_SCHEMA, type TestWorkspace } from "./test-support";

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
/** Longer than any request should take on either engine; a hang fails the run. */
const HANG_MS = 10_000;

// Strings a database chokes on, and ordinary ones.
const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udc00y", "\udc00\ud800", "🚀", "", " ", "'; DROP TABLE \"Member\"; --", "%00", "\\", '"', "null"),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: 1, max: 30_000 }).map((n) => "x".repeat(n)),
);

// Any JSON value, with nasty strings and numbers where strings belong.
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyString, fc.constantFrom("value", "type", "primary", "display", "$ref", "userName")), tie("value"), { maxKeys: 4 }),
  ),
})).value;

const ATTRIBUTES = ["userName", "displayName", "nickName", "title", "externalId", "active", "emails", "emails.value", "emails.primary", "emails.type", "name.givenName", "name.familyName", "meta.lastModified", "members", "members.value", "password", "groups", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "urn:x:unknown"];
const attributeName = fc.oneof(fc.constantFrom(...ATTRIBUTES), nastyString);
const OPERATORS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr"];

/** Filter text: mostly well-formed with nasty literals, sometimes pure noise. */
const filterText: fc.Arbitrary<string> = fc.oneof(
  fc.letrec<{ filter: string }>((tie) => ({
    filter: fc.oneof(
      { depthSize: "small" },
      fc.tuple(attributeName, fc.constantFrom(...OPERATORS), fc.oneof(nastyString.map((s) => JSON.stringify(s)), fc.integer().map(String), fc.constantFrom("true", "null", "1e999"))).map(([a, o, v]) => (o === "pr" ? `${a} pr` : `${a} ${o} ${v}`)),
      fc.tuple(tie("filter"), fc.constantFrom("and", "or"), tie("filter")).map(([l, o, r]) => `(${l}) ${o} (${r})`),
      tie("filter").map((f) => `not (${f})`),
      fc.tuple(fc.constantFrom("emails", "members", "phoneNumbers"), tie("filter")).map(([a, f]) => `${a}[${f}]`),
    ),
  })).filter,
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.integer({ min: 100, max: 600 }).map((n) => Array.from({ length: n }, (_, i) => `emails co "${i}"`).join(" or ")),
);

const deepText = fc.integer({ min: 50, max: 6000 }).map((depth) => `{"schemas":["${USER_SCHEMA}"],"userName":"deep${depth}@x.test","urn:x:deep":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`);

const userBody = fc.oneof(
  fc.record({ userName: jsonValue, nickName: fc.option(jsonValue), emails: fc.option(jsonValue), name: fc.option(jsonValue), active: fc.option(jsonValue) }).map((parts) => ({ schemas: [USER_SCHEMA], ...parts })),
  fc.record({ userName: nastyString, displayName: nastyString, title: nastyString }).map((parts) => ({ ...newUser(), ...parts })),
  jsonValue,
);
const groupBody = fc.oneof(
  fc.record({ displayName: jsonValue, members: fc.option(jsonValue) }).map((parts) => ({ schemas: [GROUP_SCHEMA], ...parts })),
  nastyString.map((displayName) => ({ schemas: [GROUP_SCHEMA], displayName })),
);
const patchBody = fc.oneof(
  fc.array(fc.record({ op: fc.oneof(fc.constantFrom("add", "replace", "remove", "Replace"), nastyString), path: fc.option(fc.oneof(attributeName, filterText.map((f) => `emails[${f}].value`))), value: jsonValue }, { requiredKeys: ["op"] }), { maxLength: 4 }).map((Operations) => ({ schemas: [PATCH_OP], Operations })),
  jsonValue,
);
const queryString = fc
  .record({ filter: fc.option(filterText), sortBy: fc.option(attributeName), sortOrder: fc.option(nastyString), startIndex: fc.option(fc.oneof(fc.integer().map(String), nastyString)), count: fc.option(fc.oneof(fc.integer().map(String), nastyString)), attributes: fc.option(attributeName) })
  .map((params) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== null) search.set(key, value);
    return search.toString();
  });

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) becomes the invalid UTF-8 a raw client could send. */
function pathSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ""))}%ED%B0%80`;
  }
}

type Call = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; path: string; body?: unknown; raw?: string };

function callArbitrary(ids: { user: string; group: string }): fc.Arbitrary<Call> {
  const id = fc.oneof(fc.constantFrom(ids.user, ids.group), nastyString.map(pathSegment));
  return fc.oneof(
    queryString.map((q): Call => ({ method: "GET", path: `/Users?${q}` })),
    queryString.map((q): Call => ({ method: "GET", path: `/Groups?${q}` })),
    fc.record({ filter: filterText, sortBy: fc.option(attributeName), count: fc.option(jsonValue), startIndex: fc.option(jsonValue) }).map((b): Call => ({ method: "POST", path: "/Users/.search", body: { schemas: [SEARCH_REQUEST], ...b } })),
    fc.record({ filter: filterText }).map((b): Call => ({ method: "POST", path: "/.search", body: { schemas: [SEARCH_REQUEST], ...b } })),
    userBody.map((body): Call => ({ method: "POST", path: "/Users", body })),
    userBody.map((body): Call => ({ method: "PUT", path: `/Users/${ids.user}`, body })),
    groupBody.map((body): Call => ({ method: "POST", path: "/Groups", body })),
    patchBody.map((body): Call => ({ method: "PATCH", path: `/Users/${ids.user}`, body })),
    patchBody.map((body): Call => ({ method: "PATCH", path: `/Groups/${ids.group}`, body })),
    fc.tuple(id, fc.constantFrom("GET" as const, "DELETE" as const, "PATCH" as const)).map(([i, method]): Call => ({ method, path: `/Users/${i}`, body: method === "PATCH" ? { schemas: [PATCH_OP], Operations: [] } : undefined })),
    deepText.map((raw): Call => ({ method: "POST", path: "/Users", raw })),
    fc.array(fc.record({ method: fc.constantFrom("POST", "PATCH", "DELETE"), path: fc.constantFrom("/Users", "/Groups", `/Users/${ids.user}`), bulkId: fc.option(nastyString), data: jsonValue }), { maxLength: 3 }).map((Operations): Call => ({ method: "POST", path: "/Bulk", body: { schemas: [BULK_REQUEST], Operations } })),
    fc.string({ unit: "binary", maxLength: 200 }).map((raw): Call => ({ method: "POST", path: "/Users", raw })),
  );
}

describe(`SCIM fuzz: zero 5xx, zero hangs (${testEngine})`, () => {
  let db: Database;
  let ws: TestWorkspace;
  let ids: { user: string; group: string };
  beforeAll(async () => {
    db = await openScimTestDatabase();
    ws = await createTestWorkspace(db);
    ids = {
      user: (await ws.client.post("/Users", newUser())).body.id,
      group: (await ws.client.post("/Groups", { schemas: [GROUP_SCHEMA], displayName: "fuzz" })).body.id,
    };
  });
  afterAll(async () => closeScimTestDatabase(db));

  it(`answers ${RUNS} random malformed requests without a 5xx or a hang`, async () => {
    let requests = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(callArbitrary(ids), async (call) => {
        requests++;
        let timer: NodeJS.Timeout | undefined;
        const hang = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`hung for ${HANG_MS} ms`)), HANG_MS);
        });
        const options = call.raw !== undefined ? { rawBody: call.raw } : call.body !== undefined ? { rawBody: JSON.stringify(call.body) } : {};
        try {
          const res = await Promise.race([ws.client.request(call.method, call.path, options), hang]);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) throw new Error(`${call.method} ${call.path.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`);
        } finally {
          clearTimeout(timer);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    // The figures for the report (requests, time, answers by status).
    console.log(`fuzz (${testEngine}): ${requests} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    expect(requests).toBe(RUNS);
    // The run exercised the refusals, not just happy paths.
    expect([...statuses.keys()].some((status) => status === 400)).toBe(true);
  }, 120_000);
});
