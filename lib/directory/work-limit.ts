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
