// A process-wide bound on concurrent Argon2 work. Each hash takes ~40 ms of a CPU and 19 MiB, and
// runs on libuv's small thread pool, which file and DNS work share: a /Bulk of 1,000 users with
// passwords, or several at once, must not take every thread and core from other requests.
// Waiting hashes queue in order (FIFO).
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

export function createLimiter(max: number): Limiter {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    const next = queue.shift();
    if (next) next(); // the slot passes straight to the next waiter
    else active--;
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active < max) active++;
      else await new Promise<void>((resolve) => queue.push(resolve));
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}
