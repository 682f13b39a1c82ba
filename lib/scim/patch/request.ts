// RFC 7644 §3.5.2 PatchOp message parsing. Structure only; what each operation means for a
// resource (missing value, unknown path, mutability) is decided by applyPatch.
import { z } from "zod";
import { withCanonicalKeys } from "../resource/json";
import { scimErrorFromZod } from "../resource/zod-detail";

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type PatchOpName = "add" | "replace" | "remove";

export interface PatchOperation {
  op: PatchOpName;
  /** Absent when the request had no path or an empty one. */
  path?: string;
  /** `undefined` = member absent; `null` = sent as null (RFC 7643 §2.5: same as unassigned). */
  value?: unknown;
}

export interface PatchRequest {
  operations: PatchOperation[];
}

const operationSchema = z.preprocess(
  withCanonicalKeys(["op", "path", "value"]),
  z.object({
    // Entra ID sends "Add", "Replace", "Remove".
    op: z.string().transform((op) => op.toLowerCase()).pipe(z.enum(["add", "replace", "remove"])),
    path: z.string().optional(),
    value: z.unknown().optional(),
  }),
);

const requestSchema = z.preprocess(
  withCanonicalKeys(["schemas", "Operations"]),
  z.object({
    schemas: z.array(z.string()).refine((urns) => urns.includes(PATCH_OP_SCHEMA), `must contain ${PATCH_OP_SCHEMA}`),
    Operations: z.array(operationSchema).min(1, "must contain at least one operation"),
  }),
);

/** Validates a PATCH body → its operations; malformed → ScimError 400 invalidSyntax naming the member. */
export function parsePatchRequest(body: unknown): PatchRequest {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) throw scimErrorFromZod(parsed.error, "invalidSyntax", "Invalid PatchOp request");
  const operations = parsed.data.Operations.map(({ op, path, value }) => {
    const operation: PatchOperation = { op };
    if (path !== undefined && path.trim() !== "") operation.path = path.trim();
    if (value !== undefined) operation.value = value;
    return operation;
  });
  return { operations };
}
