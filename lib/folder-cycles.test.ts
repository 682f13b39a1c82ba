// The layering of lib/ must stay a one-way street: a folder never imports (directly or through
// others) a folder that imports it back. This builds the folder graph from every non-test source
// file's imports and fails on any cycle, naming the files that close it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const lib = path.resolve(__dirname);
const SKIP = new Set(["generated"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return SKIP.has(name) ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !/(^|\/)test(ing|-support)\b/.test(name) ? [full] : [];
  });
}

/** The lib/ folder a module specifier points into, or null (npm packages, app/, components/). */
function targetFolder(fromFile: string, specifier: string): string | null {
  let resolved: string;
  if (specifier.startsWith("@/lib/")) resolved = path.join(lib, specifier.slice("@/lib/".length));
  else if (specifier.startsWith(".")) resolved = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  const relative = path.relative(lib, resolved);
  if (relative.startsWith("..")) return null;
  const [folder, rest] = relative.split(path.sep);
  return rest === undefined ? null : folder; // a file directly in lib/ (env.ts, startup.ts) is no folder
}

export function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const file of sourceFiles(lib)) {
    const from = path.relative(lib, file).split(path.sep)[0];
    if (!statSync(path.join(lib, from)).isDirectory()) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const to = targetFolder(file, match[1] ?? match[2]);
      if (!to || to === from || SKIP.has(to)) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, path.relative(lib, file));
    }
  }
  return graph;
}

export function findCycle(graph: Map<string, Map<string, string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === "open") return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of graph.keys()) {
    if (!state.has(node)) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return null;
}

describe("lib/ folder layering", () => {
  it("finds a cycle when there is one (the check can fail)", () => {
    const graph = new Map([
      ["a", new Map([["b", "a/x.ts"]])],
      ["b", new Map([["c", "b/y.ts"]])],
      ["c", new Map([["a", "c/z.ts"]])],
    ]);
    expect(findCycle(graph)).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", new Map([["b", "a/x.ts"]])]]))).toBeNull();
  });

  it("has no import cycle between folders", () => {
    const graph = folderGraph();
    expect(graph.size).toBeGreaterThan(5);
    const cycle = findCycle(graph);
    const explained = cycle?.slice(1).map((to, i) => `${cycle[i]} → ${to} (${graph.get(cycle[i])!.get(to)})`);
    expect(explained ?? []).toEqual([]);
  });
});
