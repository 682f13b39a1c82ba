// (method, path) → handler. Literal segments match case-insensitively ("/users" finds /Users);
// a known path with an unsupported method is 405, an unknown path 404. `audit` names the action a
// failed mutating request is recorded under.
import { ScimError } from "@/lib/scim/errors";
import type { ScimContext, ScimMethod, ScimRequest, ScimResponse } from "./types";

export type Handler = (ctx: ScimContext, request: ScimRequest, params: string[]) => Promise<ScimResponse>;

export interface RouteAudit {
  action: string;
  targetType: "User" | "Group" | "Bulk";
}

export interface MethodRoute {
  handler: Handler;
  /** Set for mutating requests: failures are audited under this action. */
  audit?: RouteAudit;
}

export interface RouteDefinition {
  /** Literal segments, or ":param". */
  pattern: string[];
  methods: Partial<Record<ScimMethod, MethodRoute>>;
}

export interface RouteMatch {
  route: MethodRoute;
  params: string[];
}

export function matchRoute(routes: readonly RouteDefinition[], method: string, segments: string[]): RouteMatch {
  for (const definition of routes) {
    const params = matchPattern(definition.pattern, segments);
    if (!params) continue;
    const route = definition.methods[method as ScimMethod];
    if (!route) {
      throw new ScimError(405, undefined, `Method ${method} is not supported on /${definition.pattern.map((p) => (p.startsWith(":") ? `{${p.slice(1)}}` : p)).join("/")}`);
    }
    return { route, params };
  }
  throw new ScimError(404, undefined, `No SCIM endpoint at /${segments.join("/")}`);
}

function matchPattern(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(":")) params.push(segments[i]);
    else if (pattern[i].toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}

/** Allowed methods of the route at a path, for the Allow header of a 405. */
export function allowedMethods(routes: readonly RouteDefinition[], segments: string[]): string[] {
  const definition = routes.find((candidate) => matchPattern(candidate.pattern, segments));
  return definition ? Object.keys(definition.methods) : [];
}
