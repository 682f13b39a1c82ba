export type { AttributePath, CompareOperator, Filter, FilterValue } from "./ast";
export { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH, parseFilter } from "./parser";
export { parseAttributePath } from "./attribute-path";
export { parsePatchPath, type PatchPath } from "./patch-path";
export { printFilter, printValue } from "./printer";
export { matchesFilter, getIgnoringCase, type FilterContext } from "./evaluate";
export { validateFilter } from "./validate";
