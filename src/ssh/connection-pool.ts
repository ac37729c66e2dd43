/**
 * One SSH connection per host, shared by every command to it (ssh2 multiplexes channels), so a fleet sweep costs
 * one handshake per host; idle connections close on an unref'd timer so a CLI run can exit.
 */
import type { Client } from 'ssh2';

export interface Connection {
  client: Client;
  /** True once the transport closed: a channel that ends without exit status then means "connection lost". */
  isClosed(): boolean;
}

interface Entry {
  conn: Connection;
  ready: Promise<Connection>;
  active: number;
  closed: boolean;
  idleTimer?: NodeJS.Timeout;
}

/** Opens a client and resolves once it is ready; must reject (and clean up) if the handshake fails. */
export type Dialer = () => { client: Client; ready: Promise<void> };

export class ConnectionPool {
  private readonly entries = new Map<string, Entry>();
  /**
   * The last failed dial per host: a command that was already waiting when the handshake failed gets that answer
   * at once instead of dialing again. Without it, 50 commands queued 4-at-a-time behind a host that hangs before
   * its banner would wait out 13 connect timeouts in a row (~20 s) before the last one is told. Commands that
   * start waiting after the failure dial afresh, so a host that comes back is seen at once.
   */
  private readonly failures = new Map<string, { at: number; error: unknown }>();
  private readonly idleMs: number;

  constructor(idleMs = 60_000) {
    this.idleMs = idleMs;
  }

  /**
   * Returns a ready connection and counts it busy until `release` is called. `waitingSince` is when the caller
   * started queueing for this host: a dial that failed after that moment is the caller's answer too.
   */
  async acquire(key: string, dial: Dialer, waitingSince = Number.POSITIVE_INFINITY): Promise<Connection> {
    const failed = this.failures.get(key);
    if (failed && failed.at >= waitingSince) throw failed.error;
    let entry = this.entries.get(key);
    if (!entry || entry.closed) {
      entry = this.open(key, dial);
    }
    entry.active += 1;
    clearTimeout(entry.idleTimer);
    try {
      return await entry.ready;
    } catch (e) {
      entry.active -= 1;
      throw e;
    }
  }

  release(key: string, conn: Connection): void {
    const entry = this.entries.get(key);
    if (!entry || entry.conn !== conn) return;
    entry.active = Math.max(0, entry.active - 1);
    if (entry.active === 0 && !entry.closed) {
      entry.idleTimer = setTimeout(() => this.drop(key, entry), this.idleMs);
      entry.idleTimer.unref();
    }
  }

  size(): number {
    return this.entries.size;
  }

  /** Forgets a host's last failed dial once nobody is queued for it (the map stays as small as the queue). */
  forgetFailure(key: string): void {
    this.failures.delete(key);
  }

  async closeAll(): Promise<void> {
    const all = [...this.entries.entries()];
    await Promise.all(
      all.map(async ([key, entry]) => {
        const closed = new Promise<void>((resolve) => {
          if (entry.closed) return resolve();
          entry.conn.client.once('close', () => resolve());
          setTimeout(resolve, 1000).unref();
        });
        this.drop(key, entry);
        await closed;
      }),
    );
  }

  private open(key: string, dial: Dialer): Entry {
    const { client, ready } = dial();
    const entry: Entry = {
      conn: { client, isClosed: () => entry.closed },
      ready: Promise.resolve(null as unknown as Connection),
      active: 0,
      closed: false,
    };
    entry.ready = ready.then(
      () => {
        this.failures.delete(key);
        return entry.conn;
      },
      (e: unknown) => {
        this.drop(key, entry);
        this.failures.set(key, { at: performance.now(), error: e });
        throw e;
      },
    );
    // A later reconnect replaces this entry; only forget it if it is still the current one.
    client.on('close', () => {
      entry.closed = true;
      clearTimeout(entry.idleTimer);
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry;
  }

  private drop(key: string, entry: Entry): void {
    clearTimeout(entry.idleTimer);
    if (this.entries.get(key) === entry) this.entries.delete(key);
    if (!entry.closed) {
      entry.closed = true;
      entry.conn.client.end();
    }
  }
}
