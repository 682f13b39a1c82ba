// Replays recorded IdP conversations (lib/scim-http/replays/*.ts) against the real route handlers,
// step by step, each in a fresh workspace.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db";
import { testEngine } from "@/lib/db/testing";
import { ENTRA_REPLAY } from "./replays/entra";
import { MICROSOFT_REFERENCE_REPLAY } from "./replays/microsoft-reference";
import { OKTA_REPLAY } from "./replays/okta";
import type { Replay } from "./replays/types";
import { closeScimTestDatabase, createTestWorkspace, type TestWorkspace } from "./test-support";
import { openScimTestDatabase } from "./test-support";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function substitute(value: unknown, vars: Record<string, string>, expected: boolean): unknown {
  if (typeof value === "string") {
    if (expected && value === "{{any}}") return expect.anything();
    if (expected && value === "{{uuid}}") return expect.stringMatching(UUID);
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`replay variable {{${name}}} is not set`);
      return vars[name];
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, vars, expected));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, substitute(inner, vars, expected)]));
  }
  return value;
}

function at(body: unknown, path: string): unknown {
  // Dotted path; a segment may itself contain dots when it is a URN key followed by ".attribute".
  let current: unknown = body;
  let rest = path;
  while (rest !== "" && current !== undefined && current !== null) {
    const record = current as Record<string, unknown>;
    const key = Object.keys(record)
      .filter((candidate) => rest === candidate || rest.startsWith(`${candidate}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return undefined;
    current = record[key];
    rest = rest.slice(key.length + 1);
  }
  return current;
}

function runReplay(replay: Replay) {
  describe(`${replay.name} (${testEngine})`, () => {
    let ws: TestWorkspace;
    const vars: Record<string, string> = {};
    beforeAll(async () => {
      ws = await createTestWorkspace(db, { tokenName: replay.name });
      vars.run = Math.random().toString(36).slice(2, 10);
    });

    for (const step of replay.steps) {
      it(step.name, async () => {
        const path = substitute(step.path, vars, false) as string;
        const body = step.body === undefined ? undefined : substitute(step.body, vars, false);
        const res = await ws.client.request(step.method, path, { body, headers: step.headers });
        expect(res.status, `${step.method} ${path}: ${res.text}`).toBe(step.expect.status);
        if (res.text !== "") expect(res.headers.get("content-type")).toBe("application/scim+json; charset=utf-8");
        if (step.expect.body !== undefined) expect(res.body).toMatchObject(substitute(step.expect.body, vars, true) as object);
        for (const absent of step.expect.absent ?? []) expect(at(res.body, absent), `${absent} should be absent`).toBeUndefined();
        for (const [name, value] of Object.entries(step.expect.headers ?? {})) expect(res.headers.get(name)).toBe(substitute(value, vars, false));
        for (const [name, from] of Object.entries(step.save ?? {})) {
          const saved = at(res.body, from);
          expect(typeof saved, `save ${name} from ${from}`).toBe("string");
          vars[name] = saved as string;
        }
      });
    }
  });
}

let db: Database;
beforeAll(async () => {
  db = await openScimTestDatabase();
});
afterAll(async () => closeScimTestDatabase(db));

runReplay(OKTA_REPLAY);
runReplay(ENTRA_REPLAY);
runReplay(MICROSOFT_REFERENCE_REPLAY);
