/**
 * Finds where one request's output ends on a reader session stream: the first `@@cloudops-end <nonce> ` with
 * this request's nonce, then `<status>\n` and nothing more. Look-alikes with another nonce are plain output.
 * Each byte is searched once (a window of the previous tail plus the new chunk), so hostile output stays linear.
 */
import { END_TAG } from './reader-program.ts';

export type ScanResult =
  | { kind: 'more' }
  | { kind: 'done'; payload: Buffer; status: number }
  | { kind: 'garbled'; why: string };

/** "255\n" at most after the marker: a longer suffix without its newline is not our frame. */
const MAX_SUFFIX = 4;

export class EndMarkerScanner {
  readonly #needle: Buffer;
  readonly #chunks: Buffer[] = [];
  #length = 0;
  /** Last needle.length-1 bytes seen, so a marker split across chunks is still found. */
  #tail: Buffer = Buffer.alloc(0);
  /** Offset of the marker once found. */
  #at = -1;
  #suffix = '';
  #done = false;

  constructor(nonce: string) {
    this.#needle = Buffer.from(`${END_TAG}${nonce} `, 'latin1');
  }

  push(chunk: Buffer): ScanResult {
    if (this.#done) return { kind: 'garbled', why: 'output after the end marker' };
    if (this.#at < 0) {
      const start = this.#length - this.#tail.length;
      const window = Buffer.concat([this.#tail, chunk]);
      const hit = window.indexOf(this.#needle);
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      if (hit < 0) {
        this.#tail = window.subarray(Math.max(0, window.length - (this.#needle.length - 1)));
        return { kind: 'more' };
      }
      this.#at = start + hit;
      this.#suffix = window.subarray(hit + this.#needle.length).toString('latin1');
    } else {
      this.#suffix += chunk.toString('latin1');
    }
    return this.#suffixResult();
  }

  #suffixResult(): ScanResult {
    const nl = this.#suffix.indexOf('\n');
    if (nl < 0) {
      return this.#suffix.length > MAX_SUFFIX
        ? { kind: 'garbled', why: 'end marker without a status line' }
        : { kind: 'more' };
    }
    const digits = this.#suffix.slice(0, nl);
    if (nl !== this.#suffix.length - 1) return { kind: 'garbled', why: 'output after the end marker' };
    if (!/^\d{1,3}$/.test(digits) || Number(digits) > 255)
      return { kind: 'garbled', why: 'end marker with a bad status' };
    this.#done = true;
    return {
      kind: 'done',
      payload: Buffer.concat(this.#chunks).subarray(0, this.#at),
      status: Number(digits),
    };
  }
}
