/**
 * Which pooled connection has which reader session, and which hosts refused the reader program (they get exec
 * channels for as long as this executor's pool lives). Concurrent requests to one host share one opening.
 */
import type { Logger } from 'pino';
import type { Connection } from './connection-pool.ts';
import type { ConnectTarget } from './errors.ts';
import { ReaderRefused } from './reader-open.ts';
import type { ReaderProgram } from './reader-program.ts';
import { ReaderSession } from './reader-session.ts';
import type { ChannelLimits, ChannelOutcome } from './run-channel.ts';

export class ReaderSessions {
  readonly #program: ReaderProgram;
  readonly #readyMs: number;
  readonly #logger: Logger | undefined;
  readonly #sessions = new WeakMap<Connection, Promise<ReaderSession>>();
  readonly #refused = new Set<string>();

  constructor(program: ReaderProgram, readyMs: number, logger?: Logger) {
    this.#program = program;
    this.#readyMs = readyMs;
    this.#logger = logger;
  }

  /** The selector when this spec may go through the host's reader session, else undefined (use exec). */
  selectorFor(spec: object, poolKey: string): string | undefined {
    if (this.#refused.has(poolKey)) return undefined;
    return this.#program.selectorOf(spec);
  }

  /** Runs one request on the connection's session; undefined when the host refused the program (use exec). */
  async run(
    conn: Connection,
    poolKey: string,
    t: ConnectTarget,
    selector: string,
    lim: ChannelLimits,
  ): Promise<ChannelOutcome | undefined> {
    const session = await this.#session(conn, poolKey, t);
    return session?.request(selector, lim);
  }

  async #session(conn: Connection, poolKey: string, t: ConnectTarget): Promise<ReaderSession | undefined> {
    let opening = this.#sessions.get(conn);
    if (opening) {
      const s = await opening.catch(() => undefined);
      if (s?.isOpen()) return s;
      if (this.#sessions.get(conn) === opening) this.#sessions.delete(conn);
      if (this.#refused.has(poolKey)) return undefined;
      opening = this.#sessions.get(conn); // another caller may have started a new one meanwhile
    }
    if (!opening) {
      const p = ReaderSession.open(conn, t, this.#program.text, this.#readyMs);
      opening = p;
      this.#sessions.set(conn, p);
      p.catch(() => {
        if (this.#sessions.get(conn) === p) this.#sessions.delete(conn);
      });
    }
    try {
      return await opening;
    } catch (e) {
      if (!(e instanceof ReaderRefused)) throw e;
      if (!this.#refused.has(poolKey))
        this.#logger?.info(
          { host: t.name, why: e.userMessage },
          'reader session refused; using exec channels',
        );
      this.#refused.add(poolKey);
      return undefined;
    }
  }
}
