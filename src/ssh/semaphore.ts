/**
 * A counting semaphore for the SSH hot path: a fleet sweep takes two permits per command (host, global), and
 * bottleneck's scheduler cost 8–14% of the client's busy time there; this is a counter and a FIFO queue.
 */
export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(permits: number) {
    this.free = permits;
  }

  /** Resolves once a permit is held; call `release` exactly once afterwards. */
  acquire(): Promise<void> | undefined {
    if (this.free > 0) {
      this.free -= 1;
      return undefined; // no promise, no microtask: the common uncontended case
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the permit straight to the next waiter (FIFO), so a burst cannot starve an early caller. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }

  /** Nobody holds or waits for a permit: a per-host semaphore in this state can be forgotten. */
  idle(limit: number): boolean {
    return this.free === limit && this.waiting.length === 0;
  }

  /** Runs `fn` under a permit; a caller whose signal fires while queued gets its permit back unused. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal, onAbort?: () => Error): Promise<T> {
    const wait = this.acquire();
    if (wait) {
      if (!signal) await wait;
      else await queuedUntil(wait, signal, () => this.release(), onAbort);
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}

/** Waits for a queued permit or the abort; if the abort wins, the permit is released as soon as it arrives. */
function queuedUntil(
  wait: Promise<void>,
  signal: AbortSignal,
  giveBack: () => void,
  onAbort?: () => Error,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    const abort = () => {
      if (done) return;
      done = true;
      reject(onAbort ? onAbort() : new Error('aborted'));
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    wait.then(() => {
      signal.removeEventListener('abort', abort);
      if (done) giveBack();
      else {
        done = true;
        resolve();
      }
    });
  });
}
