/** Slow work runs detached from Bolt's listener (acks stay instant); this keeps track of it for a clean shutdown. */

export class JobTracker {
  private readonly controller = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void) {
    this.onError = onError;
  }

  get size(): number {
    return this.running.size;
  }

  /**
   * Starts `fn` on the next turn of the event loop (setImmediate, after pending I/O), so requests that already
   * arrived are acked before this one's work takes the CPU: under a burst of slash commands the acks go out
   * first. Its failure is reported, never thrown into Bolt or left unhandled.
   */
  run(fn: (signal: AbortSignal) => Promise<void>): void {
    if (this.controller.signal.aborted) return;
    const p: Promise<void> = new Promise<void>((r) => setImmediate(r))
      .then(() => fn(this.controller.signal))
      .catch(this.onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves once no job is running, including jobs started by the jobs it waited for (tests use it as a barrier). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }

  /** Lets running jobs finish for `graceMs`, then aborts them and waits a little for their last messages. */
  async drain(graceMs: number, afterAbortMs = 2000): Promise<void> {
    const all = () => Promise.allSettled([...this.running]).then(() => true);
    const sleep = (ms: number) => new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref());
    if (this.running.size && !(await Promise.race([all(), sleep(graceMs)]))) {
      this.controller.abort(new Error('shutting down'));
      await Promise.race([all(), sleep(afterAbortMs)]);
    }
    this.controller.abort(new Error('shutting down'));
  }
}
