// RFC 7644 §3.7 Bulk. Parses a BulkRequest, enforces the advertised limits, resolves `bulkId:`
// cross-references and runs each operation through a caller-supplied executor (the HTTP layer,
// which owns persistence). Operations are independent: there is no transaction across them.
import { z } from "zod";
import { ScimError, isScimError, toScimErrorBody } from "./errors";
import { isPlainObject, withCanonicalKeys } from "./resource/json";
import { scimErrorFromZod } from "./resource/zod-detail";

export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

export type BulkMethod = "POST" | "PUT" | "PATCH" | "DELETE";

export interface BulkRequestOperation {
  method: BulkMethod;
  path: string;
  bulkId?: string;
  version?: string;
  data?: unknown;
}

export interface BulkRequest {
  failOnErrors?: number;
  operations: BulkRequestOperation[];
}

export interface BulkLimits {
  maxOperations: number;
  maxPayloadSize: number; // bytes
}

/** What the executor sees: `bulkId:` references already replaced by the ids they stand for. */
export interface BulkExecutableOperation {
  method: BulkMethod;
  path: string;
  data?: unknown;
  version?: string;
}

export interface BulkExecutionResult {
  status: number;
  location?: string;
  version?: string;
  /** For a POST, `response.id` (or else the last segment of `location`) is the id `bulkId:` references resolve to. */
  response?: unknown;
}

export type BulkExecutor = (operation: BulkExecutableOperation) => Promise<BulkExecutionResult>;

export interface BulkResponseOperation {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

export interface BulkResponse {
  schemas: [typeof BULK_RESPONSE_SCHEMA];
  Operations: BulkResponseOperation[];
}

export interface ExecuteBulkOptions {
  execute: BulkExecutor;
  /** Told about executor failures that are not ScimErrors (they become a 500 for that operation only). */
  onUnexpectedError?: (error: unknown, operation: BulkExecutableOperation) => void;
}

const operationSchema = z.preprocess(
  withCanonicalKeys(["method", "path", "bulkId", "version", "data"]),
  z
    .object({
      method: z.string().transform((method) => method.toUpperCase()).pipe(z.enum(["POST", "PUT", "PATCH", "DELETE"])),
      path: z.string().startsWith("/", "must start with '/'"),
      bulkId: z.string().min(1).optional(),
      version: z.string().optional(),
      data: z.unknown().optional(),
    })
    .superRefine((operation, context) => {
      if (operation.method === "POST" && operation.bulkId === undefined) {
        context.addIssue({ code: "custom", path: ["bulkId"], message: "is required for POST" });
      }
      if (operation.method !== "DELETE" && operation.data === undefined) {
        context.addIssue({ code: "custom", path: ["data"], message: `is required for ${operation.method}` });
      }
    }),
);

const requestSchema = z.preprocess(
  withCanonicalKeys(["schemas", "Operations", "failOnErrors"]),
  z.object({
    schemas: z.array(z.string()).refine((urns) => urns.includes(BULK_REQUEST_SCHEMA), `must contain ${BULK_REQUEST_SCHEMA}`),
    failOnErrors: z.number().int().min(1).optional(),
    Operations: z.array(operationSchema),
  }),
);

/**
 * Validates a BulkRequest body. `payloadBytes` is the raw body size the HTTP layer measured.
 * Either limit exceeded → 413 with the limit named in the detail (RFC 7644 §3.7.4; no scimType).
 */
export function parseBulkRequest(body: unknown, payloadBytes: number, limits: BulkLimits): BulkRequest {
  if (payloadBytes > limits.maxPayloadSize) {
    throw new ScimError(413, undefined, `The size of the bulk operation (${payloadBytes} bytes) exceeds the maxPayloadSize (${limits.maxPayloadSize}).`);
  }
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) throw scimErrorFromZod(parsed.error, "invalidSyntax", "Invalid BulkRequest");
  const { Operations: operations, failOnErrors } = parsed.data;
  if (operations.length > limits.maxOperations) {
    throw new ScimError(413, undefined, `The number of operations (${operations.length}) exceeds the maxOperations (${limits.maxOperations}).`);
  }
  const seen = new Set<string>();
  for (const { method, bulkId } of operations) {
    if (method !== "POST" || bulkId === undefined) continue;
    if (seen.has(bulkId)) throw new ScimError(400, "invalidValue", `Duplicate bulkId "${bulkId}": each POST needs its own.`);
    seen.add(bulkId);
  }
  return { operations, ...(failOnErrors === undefined ? {} : { failOnErrors }) };
}

const BULK_ID_PREFIX = "bulkId:";

/** bulkIds referenced by a path segment or by any string value in data that is exactly `bulkId:<id>`. */
export function bulkIdReferences(operation: BulkRequestOperation): Set<string> {
  const found = new Set<string>();
  for (const segment of operation.path.split("/")) {
    if (segment.startsWith(BULK_ID_PREFIX)) found.add(segment.slice(BULK_ID_PREFIX.length));
  }
  const visit = (value: unknown): void => {
    if (typeof value === "string" && value.startsWith(BULK_ID_PREFIX)) found.add(value.slice(BULK_ID_PREFIX.length));
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isPlainObject(value)) Object.values(value).forEach(visit);
  };
  visit(operation.data);
  return found;
}

function substituteBulkIds(operation: BulkRequestOperation, ids: ReadonlyMap<string, string>): BulkExecutableOperation {
  const resolve = (reference: string) => ids.get(reference.slice(BULK_ID_PREFIX.length)) as string;
  const path = operation.path
    .split("/")
    .map((segment) => (segment.startsWith(BULK_ID_PREFIX) ? resolve(segment) : segment))
    .join("/");
  const rewrite = (value: unknown): unknown => {
    if (typeof value === "string" && value.startsWith(BULK_ID_PREFIX)) return resolve(value);
    if (Array.isArray(value)) return value.map(rewrite);
    if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
    return value;
  };
  const executable: BulkExecutableOperation = { method: operation.method, path };
  if (operation.data !== undefined) executable.data = rewrite(operation.data);
  if (operation.version !== undefined) executable.version = operation.version;
  return executable;
}

/** The id a successful POST created: the resource body's `id`, else the last segment of its location. */
function createdIdOf(result: BulkExecutionResult): string | undefined {
  if (isPlainObject(result.response) && typeof result.response.id === "string") return result.response.id;
  return result.location?.split("/").filter(Boolean).pop();
}

function failure(operation: BulkRequestOperation, error: ScimError): BulkResponseOperation {
  return withIdentity(operation, { status: String(error.status), response: toScimErrorBody(error) });
}

function withIdentity(operation: BulkRequestOperation, fields: Omit<BulkResponseOperation, "method">): BulkResponseOperation {
  return { method: operation.method, ...(operation.bulkId === undefined ? {} : { bulkId: operation.bulkId }), ...fields };
}

/**
 * Runs the operations. An operation whose `bulkId:` references are not resolved yet is deferred
 * until the POST defining them has run, so request order does not matter. It fails with 409
 * invalidValue (RFC 7644 §3.7.1) when a reference names no POST in the request, names a POST that
 * failed, or is part of a cycle. Response operations are listed in execution order. With
 * `failOnErrors`, processing stops once that many operations have failed.
 */
export async function executeBulk(request: BulkRequest, options: ExecuteBulkOptions): Promise<BulkResponse> {
  const resolved = new Map<string, string>();
  // Why a bulkId can never resolve; filled up front for undeclared ids' sake and as POSTs fail.
  const unresolvable = new Map<string, string>();
  const declared = new Set(request.operations.flatMap((op) => (op.method === "POST" ? [op.bulkId as string] : [])));
  const results: BulkResponseOperation[] = [];
  let errorCount = 0;
  const limitReached = () => request.failOnErrors !== undefined && errorCount >= request.failOnErrors;

  const record = (operation: BulkRequestOperation, result: BulkResponseOperation, createdId?: string) => {
    results.push(result);
    const failedStatus = Number(result.status) >= 400;
    if (failedStatus) errorCount += 1;
    if (operation.method !== "POST") return;
    if (createdId !== undefined) resolved.set(operation.bulkId as string, createdId);
    else unresolvable.set(operation.bulkId as string, failedStatus ? "the operation creating it failed" : "the operation creating it returned no id");
  };
  const fail = (operation: BulkRequestOperation, detail: string) =>
    record(operation, failure(operation, new ScimError(409, "invalidValue", detail)));

  let pending = request.operations;
  while (pending.length > 0 && !limitReached()) {
    const deferred: BulkRequestOperation[] = [];
    for (const operation of pending) {
      if (limitReached()) break;
      const references = [...bulkIdReferences(operation)];
      const broken = references.find((id) => !declared.has(id) || unresolvable.has(id));
      if (broken !== undefined) {
        const why = unresolvable.get(broken) ?? "no POST in this request declares it";
        fail(operation, `Reference to bulkId "${broken}" could not be resolved: ${why}.`);
      } else if (references.every((id) => resolved.has(id))) {
        const { response, createdId } = await run(operation, resolved, options);
        record(operation, response, createdId);
      } else {
        deferred.push(operation);
      }
    }
    if (deferred.length === pending.length) {
      // No progress: everything left waits, directly or not, on a circular reference.
      for (const operation of deferred) {
        if (limitReached()) break;
        fail(operation, `Circular bulkId reference: ${operation.method} ${operation.path} depends, directly or not, on itself.`);
      }
      break;
    }
    pending = deferred;
  }
  return { schemas: [BULK_RESPONSE_SCHEMA], Operations: results };
}

async function run(
  operation: BulkRequestOperation,
  resolved: ReadonlyMap<string, string>,
  options: ExecuteBulkOptions,
): Promise<{ response: BulkResponseOperation; createdId?: string }> {
  const executable = substituteBulkIds(operation, resolved);
  let result: BulkExecutionResult;
  try {
    result = await options.execute(executable);
  } catch (error) {
    if (isScimError(error)) return { response: failure(operation, error) };
    options.onUnexpectedError?.(error, executable);
    return { response: failure(operation, new ScimError(500, undefined, "Internal server error while processing this operation.")) };
  }
  const succeeded = result.status < 400;
  const response = withIdentity(operation, {
    ...(result.version === undefined ? {} : { version: result.version }),
    ...(result.location === undefined ? {} : { location: result.location }),
    status: String(result.status),
    // Success bodies are not echoed (as in the RFC 7644 §3.7.3 examples); error bodies are.
    ...(succeeded || result.response === undefined ? {} : { response: result.response }),
  });
  return { response, createdId: succeeded ? createdIdOf(result) : undefined };
}
