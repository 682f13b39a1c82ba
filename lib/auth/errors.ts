// The auth refusal lives with the other directory refusals (the admin checks run inside lifecycle
// transactions); re-exported here for the session helpers and pages.
export { NotAllowedError } from "@/lib/directory/errors";
