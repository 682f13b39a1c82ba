import { ScimError, type ScimType } from "../errors";

/** A 400 error whose detail ends with the 0-based character offset of the problem. */
export const syntaxError = (scimType: ScimType, message: string, position: number): ScimError =>
  new ScimError(400, scimType, `${message} at position ${position}`);
