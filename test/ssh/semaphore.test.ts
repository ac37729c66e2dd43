import net from 'node:net';
import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { Semaphore } from '../../src/ssh/semaphore.ts';
import { skipHostKeyProof } from '../../src/ssh/skip-hostkey-proof.ts';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('Semaphore (the SSH hot path limiter)', () => {
  it('never runs more than its permits at once and serves waiters first come, first served', async () => {
    const sem = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const gates = Array.from({ length: 6 }, deferred);
    const jobs = gates.map((g, i) =>
      sem.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await g.promise;
        running -= 1;
      }),
    );
    for (const g of gates) {
      await Promise.resolve();
      g.resolve();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(jobs);
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem.idle(2)).toBe(true);
  });

  it('a caller aborted while queued is refused and its permit goes to the next one', async () => {
    const sem = new Semaphore(1);
    const hold = deferred();
    const first = sem.run(() => hold.promise);
    const ac = new AbortController();
    const aborted = sem.run(
      async () => 'ran',
      ac.signal,
      () => new Error('cancelled'),
    );
    const third = sem.run(async () => 'third');
    ac.abort();
    await expect(aborted).rejects.toThrow('cancelled');
    hold.resolve();
    await first;
    expect(await third).toBe('third');
    expect(sem.idle(1)).toBe(true);
  });

  it('an error inside the job releases the permit', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sem.run(async () => 1)).toBe(1);
  });
});

describe('skipHostKeyProof', () => {
  it('finds ssh2’s global-request handler (a ssh2 upgrade that moves it would fail here, not silently)', () => {
    const client = new ssh2.Client();
    client.on('error', () => undefined);
    // connect() builds the protocol object synchronously; the socket itself is never used.
    const sock = new net.Socket();
    client.connect({ sock, username: 'x', readyTimeout: 1000 });
    expect(skipHostKeyProof(client)).toBe(true);
    client.end();
    sock.destroy();
  });
});
