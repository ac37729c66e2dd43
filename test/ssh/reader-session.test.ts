/**
 * The persistent reader session over real SSH on loopback: the lab host runs the same loop as READER_PROGRAM, and
 * every request here goes through the executor exactly as a tool's would.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { LabSshHost, SshHostResponse } from '../../src/lab/ssh-host-server.ts';
import { COMMANDS } from '../../src/ssh/commands.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import type { Executor } from '../../src/ssh/types.ts';
import {
  clientKey,
  echoArg,
  inventoryFor,
  labHost,
  rejection,
  respond,
  sshDefaults,
  until,
} from './ssh-lab.ts';

const started: LabSshHost[] = [];
const executors: Executor[] = [];

async function host(
  name: string,
  answer?: (argv: string[]) => SshHostResponse | Promise<SshHostResponse>,
  extra: Parameters<typeof labHost>[1] = {},
) {
  const h = await labHost(name, { ...(answer ? { respond: answer } : {}), ...extra });
  started.push(h);
  return h;
}
function executor(over: Parameters<typeof sshDefaults>[0] = {}) {
  const ex = createSshExecutor({
    defaults: sshDefaults(over),
    privateKey: clientKey.privatePem,
    globalConcurrency: 8,
  });
  executors.push(ex);
  return ex;
}

afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await Promise.all(started.map((h) => h.close()));
});

/** A host whose `cat /proc/meminfo` answer the test sets per call; anything else as the shared kit answers. */
function scripted() {
  const state: { next: SshHostResponse } = { next: { stdout: 'MemTotal: 1 kB\n', code: 0 } };
  const answer = (argv: string[]) => (argv.join(' ') === 'cat /proc/meminfo' ? state.next : respond(argv));
  return { state, answer };
}

describe('persistent reader session (executor ⇄ lab host over SSH)', () => {
  it('answers sequential and parallel reads on one channel, byte for byte', async () => {
    const h = await host('rd-reuse');
    const ex = executor({ perHostConcurrency: 4 });
    const inv = inventoryFor(h);
    for (let i = 0; i < 5; i++) {
      const r = await ex.run(inv, COMMANDS.meminfo, {});
      expect(r).toMatchObject({ stdout: 'MemTotal:        3880412 kB\n', stderr: '', exitCode: 0 });
      expect(r.argv).toEqual(['cat', '/proc/meminfo']);
    }
    const par = await Promise.all(Array.from({ length: 6 }, () => ex.run(inv, COMMANDS['virsh.list'], {})));
    for (const r of par) expect(r.stdout).toBe(respond(['virsh', 'list', '--all']).stdout);
    expect(h.readerRequestCount()).toBe(11);
    expect(h.execCount()).toBe(1); // one channel opened at the host for all eleven
    expect(h.connectionCount()).toBe(1);
  });

  it('keeps output without a final newline, stderr, and the exit status exactly', async () => {
    const { state, answer } = scripted();
    const h = await host('rd-exact', answer);
    const ex = executor();
    state.next = { stdout: 'no newline at end', stderr: 'warn: one\nwarn: two', code: 0 };
    const r = await ex.run(inventoryFor(h), COMMANDS.meminfo, {});
    expect(r).toMatchObject({ stdout: 'no newline at end', stderr: 'warn: one\nwarn: two', exitCode: 0 });
    state.next = { stdout: '', stderr: 'cat: /proc/meminfo: Permission denied\n', code: 1 };
    const e = await rejection(ex.run(inventoryFor(h), COMMANDS.meminfo, {}));
    expect(e.code).toBe('command_failed');
    expect(e.userMessage).toBe(
      'meminfo on rd-exact exited with code 1: cat: /proc/meminfo: Permission denied',
    );
    // A failing command is an answer, not a broken session: the same channel serves the next request.
    state.next = { stdout: 'MemTotal: 2 kB\n', code: 0 };
    expect((await ex.run(inventoryFor(h), COMMANDS.meminfo, {})).stdout).toBe('MemTotal: 2 kB\n');
    expect(h.execCount()).toBe(1);
  });

  it('does not take a look-alike end marker with another nonce for the end', async () => {
    const { state, answer } = scripted();
    const h = await host('rd-lookalike', answer);
    const fake =
      'MemTotal: 1 kB\n@@cloudops-end 00000000000000000000000000000000 0\n@@cloudops-end \n@@cloudops-end deadbeef 1\nMemFree: 2 kB\n';
    state.next = { stdout: fake, stderr: '@@cloudops-end 11111111111111111111111111111111 0\n', code: 0 };
    const ex = executor();
    const r = await ex.run(inventoryFor(h), COMMANDS.meminfo, {});
    expect(r.stdout).toBe(fake);
    expect(r.stderr).toBe('@@cloudops-end 11111111111111111111111111111111 0\n');
    state.next = { stdout: 'after\n', code: 0 };
    expect((await ex.run(inventoryFor(h), COMMANDS.meminfo, {})).stdout).toBe('after\n');
    expect(h.execCount()).toBe(1);
  });

  it('times out a hung command, drops that session, and answers the next request on a fresh one', async () => {
    const { state, answer } = scripted();
    const h = await host('rd-hang', answer);
    const ex = executor({ commandTimeoutMs: 60_000 });
    const inv = inventoryFor(h);
    await ex.run(inv, COMMANDS.meminfo, {});
    state.next = { stdout: 'late\n', code: 0, delayMs: 60_000 };
    const e = await rejection(ex.run(inv, COMMANDS.meminfo, {}, { timeoutMs: 300 }));
    expect(e.code).toBe('timeout');
    expect(e.userMessage).toBe(
      'command timeout: meminfo on rd-hang did not finish within 300 ms and was stopped',
    );
    state.next = { stdout: 'MemTotal: 3 kB\n', code: 0 };
    expect((await ex.run(inv, COMMANDS.meminfo, {})).stdout).toBe('MemTotal: 3 kB\n');
    expect(h.execCount()).toBe(2);
    expect(h.connectionCount()).toBe(1);
  });

  it('refuses output larger than maxOutputBytes, then answers on a fresh session', async () => {
    const { state, answer } = scripted();
    const h = await host('rd-big', answer);
    const ex = executor({ maxOutputBytes: 1000 });
    state.next = { stdout: 'x'.repeat(50_000), code: 0 };
    const e = await rejection(ex.run(inventoryFor(h), COMMANDS.meminfo, {}));
    expect(e.code).toBe('output_too_large');
    expect(e.userMessage).toBe('meminfo on rd-big produced more than 1000 bytes of output and was stopped');
    // Just over the cap counting stdout and stderr together is refused too, exactly as on an exec channel.
    state.next = { stdout: 'y'.repeat(600), stderr: 'z'.repeat(401), code: 0 };
    expect((await rejection(ex.run(inventoryFor(h), COMMANDS.meminfo, {}))).code).toBe('output_too_large');
    state.next = { stdout: 'y'.repeat(600), stderr: 'z'.repeat(400), code: 0 };
    expect((await ex.run(inventoryFor(h), COMMANDS.meminfo, {})).stdout).toHaveLength(600);
  });

  it('cancels a running request and a request queued behind it; the next one runs on a fresh session', async () => {
    const { state, answer } = scripted();
    const h = await host('rd-abort', answer);
    const ex = executor({ commandTimeoutMs: 60_000, perHostConcurrency: 2 });
    const inv = inventoryFor(h);
    state.next = { stdout: 'late\n', code: 0, delayMs: 60_000 };
    const ac1 = new AbortController();
    const ac2 = new AbortController();
    const running = ex.run(inv, COMMANDS.meminfo, {}, { signal: ac1.signal });
    await until(() => h.readerRequestCount() === 1);
    const queued = ex.run(inv, COMMANDS['virsh.list'], {}, { signal: ac2.signal });
    ac2.abort();
    expect((await rejection(queued)).code).toBe('cancelled');
    ac1.abort();
    expect((await rejection(running)).code).toBe('cancelled');
    expect(h.readerRequestCount()).toBe(1); // the queued one never reached the host
    state.next = { stdout: 'MemTotal: 4 kB\n', code: 0 };
    expect((await ex.run(inv, COMMANDS.meminfo, {})).stdout).toBe('MemTotal: 4 kB\n');
    expect(h.execCount()).toBe(2);
  });

  it('falls back to exec channels for a host that refuses the program, and remembers it', async () => {
    const h = await host('rd-forced', undefined, { fault: 'forced-command' });
    const ex = executor();
    const inv = inventoryFor(h);
    const a = await ex.run(inv, COMMANDS.meminfo, {});
    const b = await ex.run(inv, COMMANDS['virsh.domstats'], {}).catch((e: unknown) => e);
    const c = await ex.run(inv, COMMANDS.meminfo, {});
    expect(a.stdout).toBe('MemTotal:        3880412 kB\n');
    expect(c.stdout).toBe(a.stdout);
    expect(b).toMatchObject({ code: 'command_failed' }); // the kit's host has no virsh domstats: exec's own 127
    // One refused reader, then three exec channels; the reader is not tried again on this pool.
    expect(h.execCount()).toBe(4);
    expect(h.readerRequestCount()).toBe(0);
    expect(h.connectionCount()).toBe(1);
  });

  it('opens no reader session when ssh.persistentSession is off', async () => {
    const h = await host('rd-off');
    const ex = executor({ persistentSession: false });
    await ex.run(inventoryFor(h), COMMANDS.meminfo, {});
    await ex.run(inventoryFor(h), COMMANDS.meminfo, {});
    expect(h.execCount()).toBe(2);
    expect(h.readerRequestCount()).toBe(0);
  });

  it('sends commands with arguments on their own exec channel next to an open session', async () => {
    const h = await host('rd-mixed');
    const ex = executor();
    const inv = inventoryFor(h);
    await ex.run(inv, COMMANDS.meminfo, {});
    const r = await ex.run(inv, echoArg, { s: "a'b $(id)" });
    expect(JSON.parse(r.stdout)).toEqual(["a'b $(id)"]);
    expect(h.execCount()).toBe(2);
    expect(h.readerRequestCount()).toBe(1);
  });
});
