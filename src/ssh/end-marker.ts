/**
 * Finds where one request's output ends on a reader session stream: the first `@@cloudops-end <nonce> ` with
 * this request's nonce, then `<status>\n` and nothing more. Look-alikes with another nonce are plain output.
 * Each byte is searched once (in its chunk, plus a needle-sized edge across chunks), so hostile output stays
 * linear and a large answer is not copied per chunk.
 */
import { END_TAG } from './reader-program.ts';

export type ScanResult =
  | { kind: 'more' }
  | { kind: 'done'; payload: Buffer; status: number }
  | { kind: 'garbled'; why: string };

/** "255\n" at most after the marker: a longer suffix without its newline is not our frame. */
const MAX_SUFFIX = 4;

export class EndMarkerScanner {
  /** ASCII, so a latin1 string search over the bytes finds exactly the byte sequence. */
  readonly #needle: string;
  readonly #chunks: Buffer[] = [];
  #length = 0;
  /** Last needle.length-1 bytes seen (latin1), so a marker split across chunks is still found. */
  #tail = '';
  /** Offset of the marker once found. */
  #at = -1;
  #suffix = '';
  #done = false;

  constructor(nonce: string) {
    this.#needle = `${END_TAG}${nonce} `;
  }

  push(chunk: Buffer): ScanResult {
    if (this.#done) return { kind: 'garbled', why: 'output after the end marker' };
    if (this.#at < 0) {
      const before = this.#length;
      const keep = this.#needle.length - 1;
      this.#chunks.push(chunk);
      this.#length += chunk.length;
      // Strings, not Buffers: small Buffers come from a shared slab that a promoted slice would keep alive.
      const edge = this.#tail + chunk.toString('latin1', 0, Math.min(chunk.length, keep));
      const straddle = this.#tail ? edge.indexOf(this.#needle) : -1;
      const inChunk = straddle < 0 ? chunk.indexOf(this.#needle, 0, 'latin1') : -1;
      if (straddle < 0 && inChunk < 0) {
        this.#tail =
          chunk.length >= keep
            ? chunk.toString('latin1', chunk.length - keep)
            : (this.#tail + chunk.toString('latin1')).slice(-keep);
        return { kind: 'more' };
      }
      this.#at = straddle >= 0 ? before - this.#tail.length + straddle : before + inChunk;
      this.#suffix = chunk.toString('latin1', this.#at + this.#needle.length - before);
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
    // One chunk (the usual answer) is sliced, not copied.
    const [only] = this.#chunks;
    const all = this.#chunks.length === 1 && only ? only : Buffer.concat(this.#chunks);
    return { kind: 'done', payload: all.subarray(0, this.#at), status: Number(digits) };
  }
}
