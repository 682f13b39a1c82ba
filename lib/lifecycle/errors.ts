// The refusals a transition can end with (defined with the stores, below this module).
export * from "@/lib/directory/errors";
