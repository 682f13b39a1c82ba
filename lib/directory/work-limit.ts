// At most `slots` runs of a piece of work at once; the rest wait their turn, first come first
// served. For work whose cost is memory rather than time: a 50,000-member group's member list is
// several megabytes of JSON while it is built and sent, and fifty clients reading it at once would
// hold fifty copies.
export function workLimit(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async (work) => {
    if (running < slots) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      release();
    }
  };
}

/**
 * One run of a read for all who ask for the same key before it starts. A caller that arrives
 * while a run is under way does not take its result (the run's snapshot may predate a write the
 * caller has already seen succeed); it waits for that run to end and shares the next one with
 * everyone else who arrived meanwhile. So every caller gets a result read after it arrived, and
 * fifty clients reading one 50,000-member group cost two builds and one copy, not fifty.
 */
export function sharedNextRun<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<void>>();
  const next = new Map<string, Promise<T>>();
  const start = (key: string, run: () => Promise<T>): Promise<T> => {
    const result = run();
    const ended = result.then(
      () => {},
      () => {},
    );
    running.set(key, ended);
    // Registered before any follower's handler, so the key is free when the next run starts.
    void ended.then(() => {
      if (running.get(key) === ended) running.delete(key);
    });
    return result;
  };
  return (key, run) => {
    const queued = next.get(key);
    if (queued) return queued;
    const current = running.get(key);
    if (!current) return start(key, run);
    const following = current.then(() => {
      next.delete(key);
      return start(key, run);
    });
    next.set(key, following);
    return following;
  };
}
