import { describe, expect, it } from "vitest";
import { createStatementNamer } from "./statement-names";

const q = (sql: string) => ({ sql });

describe("createStatementNamer", () => {
  it("leaves a text unnamed the first time and names it, stably, from its second execution", () => {
    const name = createStatementNamer();
    expect(name(q("SELECT 1"))).toBeUndefined();
    const first = name(q("SELECT 1"));
    expect(first).toMatch(/^roster_\d+$/);
    expect(name(q("SELECT 1"))).toBe(first);
    expect(name(q("SELECT 2"))).toBeUndefined();
    const second = name(q("SELECT 2"));
    expect(second).toMatch(/^roster_\d+$/);
    expect(second).not.toBe(first);
  });

  it("names at most maxNamed texts; the rest stay unnamed while the named keep their names", () => {
    const name = createStatementNamer({ after: 1, maxNamed: 2 });
    const a = name(q("a"));
    const b = name(q("b"));
    expect([a, b]).toEqual(["roster_1", "roster_2"]);
    expect(name(q("c"))).toBeUndefined();
    expect(name(q("c"))).toBeUndefined();
    expect(name(q("a"))).toBe("roster_1");
  });

  it("forgets the counts of one-off texts beyond maxTracked instead of growing without bound", () => {
    const name = createStatementNamer({ after: 2, maxTracked: 3 });
    expect(name(q("x"))).toBeUndefined();
    for (const sql of ["y", "z", "w"]) expect(name(q(sql))).toBeUndefined();
    // The table was full when "w" came, so it restarted: "x" counts from one again.
    expect(name(q("x"))).toBeUndefined();
    expect(name(q("x"))).toMatch(/^roster_/);
  });
});
