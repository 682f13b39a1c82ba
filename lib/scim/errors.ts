// RFC 7644 §3.12 errors. One error type for the whole protocol layer; the HTTP layer turns it
// into a response with toScimErrorBody().

export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** scimType values defined by RFC 7644 §3.12 (Table 9). */
export type ScimType =
  | "invalidFilter"
  | "tooMany"
  | "uniqueness"
  | "mutability"
  | "invalidSyntax"
  | "invalidPath"
  | "noTarget"
  | "invalidValue"
  | "invalidVers"
  | "sensitive";

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly detail: string;

  constructor(status: number, scimType: ScimType | undefined, detail: string) {
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.scimType = scimType;
    this.detail = detail;
  }
}

/**
 * 429 Too Many Requests (RFC 6585): RFC 7644 §3.12 lets a service provider answer with any HTTP
 * status; the body stays a SCIM error, without scimType (none of Table 9's fits). The HTTP layer
 * sends `Retry-After`, which Okta and Entra ID honour.
 */
export class ScimTooManyRequestsError extends ScimError {
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, undefined, detail);
  }
}

export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

/** The RFC error body. `status` is a string, as RFC 7644 §3.12 requires. */
export function toScimErrorBody(error: ScimError): ScimErrorBody {
  const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(error.status), detail: error.detail };
  if (error.scimType) body.scimType = error.scimType;
  return body;
}

export const isScimError = (value: unknown): value is ScimError => value instanceof ScimError;
