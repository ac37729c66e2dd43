/**
 * Progress in a thread as ONE message rewritten in place, at most once per interval: tools report every
 * host and check, and posting each note would flood the channel and hit Slack's rate limits.
 */

export interface ProgressOptions {
  intervalMs?: number;
  /** How many recent notes to show. */
  keep?: number;
  write(notes: string[], elapsedMs: number): Promise<void>;
  onError?(err: unknown): void;
}

export class ThrottledProgress {
  private readonly opts: ProgressOptions;
  private readonly started = Date.now();
  private notes: string[] = [];
  private lastWrite = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private dirty = false;

  constructor(opts: ProgressOptions) {
    this.opts = opts;
  }

  note = (text: string): void => {
    if (this.closed) return;
    this.notes = [...this.notes.filter((n) => n !== text), text].slice(-(this.opts.keep ?? 6));
    this.dirty = true;
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + (this.opts.intervalMs ?? 1000) - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  };

  private flush(): void {
    this.timer = undefined;
    if (this.closed || !this.dirty) return;
    this.dirty = false;
    this.lastWrite = Date.now();
    const notes = this.notes;
    this.writing = this.writing
      .then(() => (this.closed ? undefined : this.opts.write(notes, Date.now() - this.started)))
      .catch((err: unknown) => this.opts.onError?.(err));
  }

  /** No write happens after this resolves, so the final result cannot be overwritten by a late progress line. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.writing;
  }
}
