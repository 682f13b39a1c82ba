import type { z } from "zod";
import { ScimError, type ScimType } from "../errors";

/** `emails[1].type` style location of a zod issue, so the error names the offending attribute. */
function issueLocation(root: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, root);
}

/** The first zod issue as a SCIM 400; one clear message beats a list of consequential ones. */
export function scimErrorFromZod(error: z.ZodError, scimType: ScimType, what: string, root = ""): ScimError {
  const issue = error.issues[0];
  const location = issueLocation(root, issue.path);
  return new ScimError(400, scimType, `${what}: ${location ? `${location}: ` : ""}${issue.message}`);
}
