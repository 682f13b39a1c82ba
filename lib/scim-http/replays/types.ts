// Recorded SCIM conversations (request → expected response) replayed against the real route
// handlers by replays.db.test.ts. Strings may hold {{variables}}: {{run}} is unique per run,
// others are saved from earlier responses with `save`. In expected bodies, "{{any}}" matches any
// value and "{{uuid}}" any UUID; expected bodies are subsets (toMatchObject).

export type ReplayMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface ReplayStep {
  name: string;
  method: ReplayMethod;
  /** Path and query after the SCIM base, exactly as the client sends it (e.g. with + for spaces). */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  expect: {
    status: number;
    body?: unknown;
    /** Dotted paths that must be absent from the response body (e.g. "members", "password"). */
    absent?: string[];
    headers?: Record<string, string>;
  };
  /** variable ← dotted path into the response body ("id", "Resources.0.id"). */
  save?: Record<string, string>;
}

export interface Replay {
  name: string;
  /** Where the requests come from. */
  source: string;
  steps: ReplayStep[];
}
