// Helpers shared by the resource handlers: transactions with retry, conditional requests
// (If-Match / If-None-Match on meta.version), and resource responses.
import type { RawSql } from "@/lib/db/raw-sql";
import { isRetryableConflict } from "@/lib/directory/db-errors";
import { VersionMismatchError } from "@/lib/lifecycle/errors";
import { etag, etagMatches, parseEtag } from "@/lib/scim/resource/etag";
import { project, type ProjectionParams } from "@/lib/scim/projection";
import type { ResourceTypeDefinition } from "@/lib/scim/schemas/types";
import type { ScimContext, ScimResponse } from "../types";

const MAX_ATTEMPTS = 3;

/**
 * Runs `work` in one interactive transaction (READ COMMITTED; handlers lock the rows they
 * read-modify-write). A deadlock or serialization failure reruns it from the start, up to three
 * times; everything else propagates and rolls back.
 */
export async function inTransaction<T>(ctx: ScimContext, work: (tx: RawSql) => Promise<T>): Promise<T> {
  return retryingConflicts(() => ctx.sqlTransaction(work));
}

/** Runs `attempt` again on a deadlock or serialization failure, up to three times in all. */
export async function retryingConflicts<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n < MAX_ATTEMPTS && isRetryableConflict(error)) continue;
      throw error;
    }
  }
}

/** If-Match (RFC 7644 §3.14): a present header that names another version → 412. */
export function checkIfMatch(header: string | null, version: number): void {
  const condition = parseEtag(header);
  if (condition !== undefined && !etagMatches(condition, version)) throw new VersionMismatchError();
}

/** A predicate for version-conditioned deletes, or undefined without If-Match. */
export function ifMatchPredicate(header: string | null): ((version: number) => boolean) | undefined {
  const condition = parseEtag(header);
  return condition === undefined ? undefined : (version) => etagMatches(condition, version);
}

/** If-None-Match on GET: the client's copy is current → 304. */
export function notModified(header: string | null, version: number): ScimResponse | undefined {
  const condition = parseEtag(header);
  if (condition !== undefined && etagMatches(condition, version)) return { status: 304, headers: { ETag: etag(version) } };
  return undefined;
}

export function resourceResponse(
  status: number,
  resource: Record<string, unknown>,
  resourceType: ResourceTypeDefinition,
  params: ProjectionParams,
  version: number,
  location?: string,
): ScimResponse {
  const headers: Record<string, string> = { ETag: etag(version) };
  if (location) headers.Location = location;
  return { status, body: projected(resource, resourceType, params), headers };
}

export const hasProjection = (params: ProjectionParams) => Boolean(params.attributes?.length || params.excludedAttributes?.length);

/**
 * The resource as the parameters select it. Without attributes/excludedAttributes the default
 * projection keeps everything the serializer emits (it never emits `returned: never` attributes
 * and the schemas define no `returned: request` ones), so the hot path skips the walk.
 */
export function projected(resource: Record<string, unknown>, resourceType: ResourceTypeDefinition, params: ProjectionParams) {
  return hasProjection(params) ? project(resource, resourceType, params) : resource;
}
