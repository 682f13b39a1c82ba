import { describe, expect, it } from "vitest";
import { sharedNextRun, workLimit } from "./work-limit";

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

describe("sharedNextRun", () => {
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it("gives callers that arrive during a run the next run, shared; never the run already under way", async () => {
    const shared = sharedNextRun<string>();
    const gates = [deferred(), deferred(), deferred()];
    let runs = 0;
    // Each run reads the state as it is when the run starts.
    let state = "v1";
    const read = () => {
      const n = runs++;
      const seen = state;
      return gates[n].promise.then(() => `${seen} (run ${n})`);
    };
    const first = shared("g", read);
    await settle();
    state = "v2"; // a write lands after the first run started …
    const late = [shared("g", read), shared("g", read), shared("g", read)]; // … and these arrive after it
    await settle();
    expect(runs).toBe(1); // they wait: the next run has not started
    gates[0].resolve();
    await expect(first).resolves.toBe("v1 (run 0)");
    await settle();
    expect(runs).toBe(2);
    gates[1].resolve();
    // All three share one run, and it saw the write they arrived after.
    await expect(Promise.all(late)).resolves.toEqual(["v2 (run 1)", "v2 (run 1)", "v2 (run 1)"]);
    // Nothing under way: the next caller starts at once.
    const alone = shared("g", read);
    await settle();
    expect(runs).toBe(3);
    gates[2].resolve();
    await expect(alone).resolves.toBe("v2 (run 2)");
  });

  it("keeps keys apart, and a failed run fails only its own callers", async () => {
    const shared = sharedNextRun<number>();
    const gate = deferred();
    const failing = shared("a", () => gate.promise.then(() => Promise.reject(new Error("boom"))));
    const follower = shared("a", async () => 2);
    const other = shared("b", async () => 3);
    await expect(other).resolves.toBe(3); // "b" did not wait for "a"
    gate.resolve();
    await expect(failing).rejects.toThrow("boom");
    await expect(follower).resolves.toBe(2);
    await expect(shared("a", async () => 4)).resolves.toBe(4);
  });
});
