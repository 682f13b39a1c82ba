import { describe, expect, it } from "vitest";
import { workLimit } from "./work-limit";

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe("workLimit", () => {
  it("runs at most `slots` at once, the rest in arrival order, and frees a slot on failure too", async () => {
    const limit = workLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        await gate.promise;
        if (i === 0) throw new Error("boom");
        return i;
      }),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([0, 1]);
    gates[0].resolve();
    await expect(runs[0]).rejects.toThrow("boom");
    expect(started).toEqual([0, 1, 2]);
    gates[2].resolve();
    await expect(runs[2]).resolves.toBe(2);
    expect(started).toEqual([0, 1, 2, 3]);
    gates[1].resolve();
    gates[3].resolve();
    await expect(Promise.all([runs[1], runs[3]])).resolves.toEqual([1, 3]);
    // All slots free again: two more start at once.
    const more = [deferred(), deferred()];
    const startedAgain: number[] = [];
    const again = more.map((gate, i) => limit(async () => (startedAgain.push(i), await gate.promise)));
    await new Promise((r) => setTimeout(r, 0));
    expect(startedAgain).toEqual([0, 1]);
    more.forEach((gate) => gate.resolve());
    await Promise.all(again);
  });
});
