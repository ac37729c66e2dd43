/**
 * One long-lived exec channel per pooled connection running READER_PROGRAM, so a warm sweep opens no SSH session
 * at all. Requests go one at a time (a queue); each writes `<selector> <nonce>\n` and waits for both streams'
 * end markers. Timeout, oversize, abort or bad framing destroy the channel; the next request opens a new one.
 */
import { randomFillSync } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { OpsError } from '../core/errors.ts';
import type { Connection } from './connection-pool.ts';
import { EndMarkerScanner, type ScanResult } from './end-marker.ts';
import {
  aborted,
  type ConnectTarget,
  commandTimeout,
  connectionLost,
  outputTooLarge,
  readerBroken,
} from './errors.ts';
import { killChannel, openReaderChannel } from './reader-open.ts';
import { END_TAG, NONCE_PATTERN, SELECTOR_PATTERN } from './reader-program.ts';
import { type ChannelLimits, ChannelNotOpened, type ChannelOutcome } from './run-channel.ts';

/** The session died before this queued request was written: it never ran, so a new session may run it. */
export class ReaderGone extends ChannelNotOpened {}

/** Both end markers (`@@cloudops-end <32 hex> 255\n`) on top of the command's own output cap. */
const FRAME_BYTES = 2 * (END_TAG.length + 32 + 5);
/** Refilled for every request (synchronously, so never shared): no per-request Buffer for the nonce. */
const NONCE_BYTES = Buffer.alloc(16);

interface Pending {
  lim: ChannelLimits;
  out: EndMarkerScanner;
  err: EndMarkerScanner;
  outDone?: { payload: Buffer; status: number };
  errDone?: { payload: Buffer; status: number };
  bytes: number;
  fail(e: OpsError): void;
  done(o: ChannelOutcome): void;
}

export class ReaderSession {
  readonly #stream: ClientChannel;
  readonly #conn: Connection;
  readonly #t: ConnectTarget;
  #closed = false;
  #current: Pending | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(stream: ClientChannel, conn: Connection, t: ConnectTarget) {
    this.#stream = stream;
    this.#conn = conn;
    this.#t = t;
    stream.on('data', (c: Buffer) => this.#onData('out', c));
    stream.stderr.on('data', (c: Buffer) => this.#onData('err', c));
    stream.on('close', () => {
      this.#closed = true;
      const cur = this.#current;
      if (!cur) return;
      if (!conn.isClosed()) return cur.fail(readerBroken(t, cur.lim.id, 'the remote loop ended'));
      // A pooled connection that was already dead (host rebooted, sshd restarted) and never answered a byte:
      // as with an exec channel that could not open, the read may be tried once on a new connection.
      const lost = connectionLost(t);
      cur.fail(cur.bytes === 0 ? new ReaderGone(lost.code, lost.userMessage) : lost);
    });
  }

  /** Starts the program and resolves once its ready line arrived; rejects with ReaderRefused when it did not. */
  static async open(
    conn: Connection,
    t: ConnectTarget,
    program: string,
    readyMs: number,
  ): Promise<ReaderSession> {
    return new ReaderSession(await openReaderChannel(conn, t, program, readyMs), conn, t);
  }

  isOpen(): boolean {
    return !this.#closed && !this.#conn.isClosed();
  }

  /**
   * Queued: runs after every earlier request on this session has finished (or been given up). Its timeout starts
   * when its line is written, as an exec channel's starts when it opens; the wait before is bounded by the
   * per-host limit times the earlier requests' own timeouts, and an abort ends it at once.
   */
  request(selector: string, lim: ChannelLimits): Promise<ChannelOutcome> {
    const prev = this.#tail;
    const mine = untilTurn(prev, lim.signal, () => aborted(this.#t, lim.id)).then(() =>
      this.#send(selector, lim),
    );
    // Settled to undefined: a tail holding results would chain every answer this session ever gave.
    this.#tail = Promise.allSettled([prev, mine]).then(() => undefined);
    return mine;
  }

  /** Kills the remote loop and drops the channel; any request in flight fails. */
  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    killChannel(this.#stream);
  }

  #send(selector: string, lim: ChannelLimits): Promise<ChannelOutcome> {
    // Checked again here although selectors come from READER_PROGRAM: nothing else may reach the channel.
    if (!SELECTOR_PATTERN.test(selector))
      return Promise.reject(new OpsError('invalid_argument', `bad reader selector for ${lim.id}`));
    if (!this.isOpen())
      return Promise.reject(
        new ReaderGone(
          'command_failed',
          `${lim.id} on ${this.#t.name}: the reader session closed before it was sent`,
        ),
      );
    if (lim.signal?.aborted) return Promise.reject(aborted(this.#t, lim.id));
    const nonce = randomFillSync(NONCE_BYTES).toString('hex');
    if (!NONCE_PATTERN.test(nonce)) return Promise.reject(new OpsError('internal', 'bad reader nonce'));
    return new Promise<ChannelOutcome>((resolve, reject) => {
      let settled = false;
      const end = () => {
        settled = true;
        clearTimeout(timer);
        lim.signal?.removeEventListener('abort', onAbort);
        if (this.#current === pending) this.#current = undefined;
      };
      const pending: Pending = {
        lim,
        out: new EndMarkerScanner(nonce),
        err: new EndMarkerScanner(nonce),
        bytes: 0,
        fail: (e) => {
          if (settled) return;
          end();
          this.destroy();
          reject(e);
        },
        done: (o) => {
          if (settled) return;
          end();
          resolve(o);
        },
      };
      const onAbort = () => pending.fail(aborted(this.#t, lim.id));
      const timer = setTimeout(
        () => pending.fail(commandTimeout(this.#t, lim.id, lim.timeoutMs)),
        lim.timeoutMs,
      );
      lim.signal?.addEventListener('abort', onAbort, { once: true });
      this.#current = pending;
      this.#stream.write(`${selector} ${nonce}\n`);
    });
  }

  #onData(which: 'out' | 'err', chunk: Buffer) {
    const cur = this.#current;
    // Bytes nobody asked for (a background child still writing?): the framing can no longer be trusted.
    if (!cur) return this.destroy();
    cur.bytes += chunk.length;
    if (cur.bytes > cur.lim.maxOutputBytes + FRAME_BYTES)
      return cur.fail(outputTooLarge(this.#t, cur.lim.id, cur.lim.maxOutputBytes));
    const r: ScanResult = (which === 'out' ? cur.out : cur.err).push(chunk);
    if (r.kind === 'garbled') return cur.fail(readerBroken(this.#t, cur.lim.id, r.why));
    if (r.kind === 'more') return;
    if (which === 'out') cur.outDone = r;
    else cur.errDone = r;
    const { outDone, errDone } = cur;
    if (!outDone || !errDone) return;
    if (outDone.status !== errDone.status)
      return cur.fail(readerBroken(this.#t, cur.lim.id, 'stdout and stderr disagree on the exit status'));
    if (outDone.payload.length + errDone.payload.length > cur.lim.maxOutputBytes)
      return cur.fail(outputTooLarge(this.#t, cur.lim.id, cur.lim.maxOutputBytes));
    cur.done({
      stdout: outDone.payload.toString('utf8'),
      stderr: errDone.payload.toString('utf8'),
      exitCode: outDone.status,
    });
  }
}

/** Resolves when `prev` settles, or rejects at once when the caller gives up while still queued. */
function untilTurn(
  prev: Promise<unknown>,
  signal: AbortSignal | undefined,
  err: () => OpsError,
): Promise<void> {
  if (!signal) return prev.then(() => undefined);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(err());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    prev.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
