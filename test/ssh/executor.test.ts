import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryHostSchema } from '../../src/config/schema.ts';
import { generateKeyPair, type LabSshHost } from '../../src/lab/ssh-host-server.ts';
import { COMMANDS } from '../../src/ssh/commands.ts';
import { createSshExecutor } from '../../src/ssh/executor.ts';
import type { Executor } from '../../src/ssh/types.ts';
import {
  bigOutput,
  clientKey,
  echoArg,
  inventoryFor,
  labHost,
  leakyNewline,
  rejection,
  sshDefaults,
  until,
} from './ssh-lab.ts';

const started: LabSshHost[] = [];
const executors: Executor[] = [];

async function host(name: string, extra: Parameters<typeof labHost>[1] = {}): Promise<LabSshHost> {
  const h = await labHost(name, extra);
  started.push(h);
  return h;
}
function executor(
  over: Parameters<typeof sshDefaults>[0] = {},
  extra: { knownHostsFile?: string; privateKey?: string } = {},
) {
  const ex = createSshExecutor({
    defaults: sshDefaults(over),
    privateKey: clientKey.privatePem,
    globalConcurrency: 8,
    ...extra,
  });
  executors.push(ex);
  return ex;
}

afterAll(async () => {
  await Promise.all(executors.map((e) => e.close()));
  await Promise.all(started.map((h) => h.close()));
});

describe('SSH executor against lab hosts on loopback', () => {
  let kvm01: LabSshHost;
  beforeAll(async () => {
    kvm01 = await host('kvm01');
  });

  it('runs a declared command on a host with a pinned key', async () => {
    const r = await executor().run(inventoryFor(kvm01), COMMANDS['virsh.list'], {});
    expect(r.exitCode).toBe(0);
    expect(r.argv).toEqual(['virsh', 'list', '--all']);
    expect(r.host).toBe('kvm01');
    expect(r.stdout).toContain('Id');
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('delivers hostile-looking text as exactly one argv element when a schema allows it', async () => {
    const s = `web01; reboot $(id) \`id\` 'q' "d" ウェブ`;
    const r = await executor().run(inventoryFor(kvm01), echoArg, { s });
    expect(JSON.parse(r.stdout)).toEqual([s]);
  });

  it('reuses one TCP connection for many commands, sequential and parallel', async () => {
    const h = await host('kvm-pool');
    const ex = executor({ perHostConcurrency: 3 });
    const inv = inventoryFor(h);
    await ex.run(inv, COMMANDS.meminfo, {});
    await ex.run(inv, COMMANDS.meminfo, {});
    await Promise.all(Array.from({ length: 8 }, () => ex.run(inv, COMMANDS['virsh.list'], {})));
    await Promise.all(Array.from({ length: 3 }, (_, i) => ex.run(inv, echoArg, { s: `e${i}` })));
    // meminfo and virsh.list ride one reader session (1 exec); each echo (it takes an argument) gets its own.
    expect(h.readerRequestCount()).toBe(10);
    expect(h.execCount()).toBe(1 + 3);
    expect(h.connectionCount()).toBe(1);
  });

  it('keeps at most perHostConcurrency commands in flight on one host', async () => {
    let inFlight = 0;
    let peak = 0;
    const h = await host('kvm-busy', {
      respond: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        // A slow command (the host's behaviour, not a wait of the test): while it runs, a broken limit
        // would let a third one in. No assertion depends on its length.
        await new Promise((r) => setTimeout(r, 60));
        inFlight -= 1;
        return { stdout: 'ok', code: 0 };
      },
    });
    const ex = executor({ perHostConcurrency: 2 });
    // echo takes an argument, so each call is its own exec channel (a reader session would serialise them).
    await Promise.all(Array.from({ length: 6 }, (_, i) => ex.run(inventoryFor(h), echoArg, { s: `${i}` })));
    expect(peak).toBe(2);
    expect(h.execCount()).toBe(6);
  });

  it('reconnects after the connection was dropped', async () => {
    const h = await host('kvm-reconnect');
    const ex = executor();
    const inv = inventoryFor(h);
    await ex.run(inv, COMMANDS.meminfo, {});
    await h.setFault('refused');
    await h.setFault('none');
    // Right away: whether or not the client has seen the FIN yet, the dead pooled connection must not surface.
    await ex.run(inv, COMMANDS.meminfo, {});
    expect(h.connectionCount()).toBe(2);
    expect(h.execCount()).toBe(2); // one reader session per connection
    expect(h.readerRequestCount()).toBe(2);
  });

  it('refuses hostile arguments before a single byte is sent', async () => {
    const h = await host('kvm-hostile');
    const ex = executor();
    const inv = inventoryFor(h);
    for (const domain of ['web01; reboot', '$(id)', 'web01\nreboot', 'x'.repeat(10_000), '--all']) {
      const e = await rejection(ex.run(inv, COMMANDS['virsh.dominfo'], { domain }));
      expect(e.code).toBe('invalid_argument');
      expect(e.userMessage).toContain('domain');
    }
    // Even a spec whose schema let a newline through is stopped by the quoting layer.
    expect((await rejection(ex.run(inv, leakyNewline, {}))).code).toBe('invalid_argument');
    expect((await rejection(ex.run(inv, echoArg, { s: 'y'.repeat(10_000) }))).code).toBe('invalid_argument');
    expect(h.connectionCount()).toBe(0);
    expect(h.execCount()).toBe(0);
  });

  it('refuses a host with no pinned key without connecting', async () => {
    const h = await host('kvm-unpinned');
    const e = await rejection(executor().run(inventoryFor(h, null), COMMANDS.meminfo, {}));
    expect(e.code).toBe('host_key_unpinned');
    expect(e.userMessage).toBe('no pinned host key for kvm-unpinned; add hostKeys or knownHostsFile');
    expect(h.connectionCount()).toBe(0);
  });

  it('refuses a changed host key and names both fingerprints', async () => {
    const h = await host('kvm-rekeyed', { fault: 'wrong-key' });
    const e = await rejection(executor().run(inventoryFor(h), COMMANDS.meminfo, {}));
    expect(e.code).toBe('host_key_mismatch');
    expect(e.userMessage).toMatch(/^host key for kvm-rekeyed changed: got SHA256:[A-Za-z0-9+/]{43}, pinned /);
    expect(e.userMessage).toContain(`pinned ${h.hostKeyFingerprint}`);
    expect(e.userMessage).not.toContain(`got ${h.hostKeyFingerprint}`);
    expect(h.execCount()).toBe(0);
  });

  it('trusts a known_hosts entry for [address]:port', async () => {
    const key = generateKeyPair();
    const h = await host('kvm-kh', { hostKey: key.privatePem });
    const file = join(mkdtempSync(join(tmpdir(), 'kh-')), 'known_hosts');
    writeFileSync(file, `[127.0.0.1]:${h.port} ${key.publicSsh}\n`);
    const r = await executor({}, { knownHostsFile: file }).run(inventoryFor(h, null), COMMANDS.meminfo, {});
    expect(r.stdout).toContain('MemTotal');
    // The same file does not vouch for another port.
    const other = await host('kvm-kh2', { hostKey: key.privatePem });
    const e = await rejection(
      executor({}, { knownHostsFile: file }).run(inventoryFor(other, null), COMMANDS.meminfo, {}),
    );
    expect(e.code).toBe('host_key_unpinned');
  });

  it('reports a key the host does not authorize as ssh_auth_failed', async () => {
    const stranger = generateKeyPair();
    const e = await rejection(
      executor({}, { privateKey: stranger.privatePem }).run(inventoryFor(kvm01), COMMANDS.meminfo, {}),
    );
    expect(e.code).toBe('ssh_auth_failed');
    expect(e.userMessage).toContain('cloudops@kvm01');
    expect(e.userMessage).not.toContain('PRIVATE KEY');
  });

  it('fails fast with host_unreachable for a refused host while another host answers', async () => {
    const down = await host('kvm-down', { fault: 'refused' });
    // A connect timeout longer than the test's own: only the refusal itself can end this call in time.
    const ex = executor({ connectTimeoutMs: 60_000 });
    const [bad, good] = await Promise.allSettled([
      ex.run(inventoryFor(down), COMMANDS.meminfo, {}),
      ex.run(inventoryFor(kvm01), COMMANDS.meminfo, {}),
    ]);
    expect(bad.status === 'rejected' && bad.reason.code).toBe('host_unreachable');
    expect(bad.status === 'rejected' && bad.reason.userMessage).toContain('connection refused');
    expect(good.status).toBe('fulfilled');
  });

  it('reports an unresolvable name as host_unreachable', async () => {
    const inv = inventoryHostSchema.parse({
      name: 'ghost',
      address: 'ghost.invalid',
      role: 'kvm',
      hostKeys: [kvm01.hostKeyFingerprint],
    });
    const e = await rejection(executor().run(inv, COMMANDS.meminfo, {}));
    expect(e.code).toBe('host_unreachable');
  });

  it('gives up on a silent host within connectTimeoutMs and says it was the connect phase', async () => {
    const h = await host('kvm-silent', { fault: 'silent' });
    const t0 = Date.now();
    const e = await rejection(executor({ connectTimeoutMs: 400 }).run(inventoryFor(h), COMMANDS.meminfo, {}));
    const took = Date.now() - t0;
    expect(e.code).toBe('timeout');
    expect(e.userMessage).toMatch(/^connect timeout: no SSH handshake with kvm-silent/);
    // The deadline is the point here: not before connectTimeoutMs, and (generously) not much after it.
    expect(took).toBeGreaterThanOrEqual(380);
    expect(took).toBeLessThan(5000);
    expect(h.connectionCount()).toBe(1);
  });

  it('a failed dial answers every command already queued for that host; a later command dials again', async () => {
    const h = await host('kvm-dark', { fault: 'silent' });
    const ex = executor({ connectTimeoutMs: 300, perHostConcurrency: 2 });
    // 12 commands, 2 at a time per host: without the shared answer they would dial 6 times in a row.
    const all = await Promise.allSettled(
      Array.from({ length: 12 }, () => ex.run(inventoryFor(h), COMMANDS.meminfo, {})),
    );
    for (const r of all) expect(r.status === 'rejected' && r.reason.code).toBe('timeout');
    expect(h.connectionCount()).toBe(1);
    // The host comes back: the next command is not answered from the old failure.
    await h.setFault('none');
    expect((await ex.run(inventoryFor(h), COMMANDS.meminfo, {})).exitCode).toBe(0);
    expect(h.connectionCount()).toBe(2);
  });

  it('stops a slow command at its timeout while a parallel command to another host succeeds', async () => {
    const slow = await host('kvm-slow', { fault: 'slow' });
    const ex = executor({ commandTimeoutMs: 500 });
    const [bad, good] = await Promise.allSettled([
      ex.run(inventoryFor(slow), COMMANDS['virsh.list'], {}),
      ex.run(inventoryFor(kvm01), COMMANDS['virsh.list'], {}),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status === 'rejected' && bad.reason.code).toBe('timeout');
    expect(bad.status === 'rejected' && bad.reason.userMessage).toMatch(
      /^command timeout: virsh\.list on kvm-slow/,
    );
    // The slow host answers after 30 s; 'timeout' (not an answer, and inside the test's 20 s) means the timer fired.
    // The per-call timeout overrides the default; the connection stays usable after a killed channel.
    await slow.setFault('none');
    expect((await ex.run(inventoryFor(slow), COMMANDS.meminfo, {}, { timeoutMs: 2000 })).exitCode).toBe(0);
    expect(slow.connectionCount()).toBe(1);
  });

  it('cancels a running command when the signal aborts', async () => {
    const slow = await host('kvm-abort', { fault: 'slow' });
    const ac = new AbortController();
    // Long timeouts: only the abort can end this call before the slow host's 30 s answer.
    const running = executor({ commandTimeoutMs: 60_000 }).run(
      inventoryFor(slow),
      COMMANDS.meminfo,
      {},
      {
        signal: ac.signal,
      },
    );
    await until(() => slow.readerRequestCount() === 1); // the command is running on the host
    ac.abort();
    const e = await rejection(running);
    expect(e.code).toBe('cancelled');
  });

  it('turns a non-zero exit into command_failed with the stderr tail, unless the code is allowed', async () => {
    const ex = executor();
    const e = await rejection(ex.run(inventoryFor(kvm01), COMMANDS['drbd.status'], { resource: 'r9' }));
    expect(e.code).toBe('command_failed');
    expect(e.userMessage).toMatch(/^drbd\.status on kvm01 exited with code 10: .*r9: No such resource$/s);
    expect(e.userMessage.length).toBeLessThan(600);
    const q = await ex.run(inventoryFor(kvm01), COMMANDS['corosync.quorum'], {});
    expect(q.exitCode).toBe(2);
    expect(q.stdout).toContain('Quorate:          No');
  });

  it('kills a command whose output exceeds maxOutputBytes', async () => {
    const ex = executor({ maxOutputBytes: 1000 });
    const e = await rejection(ex.run(inventoryFor(kvm01), bigOutput, { bytes: 50_000 }));
    expect(e.code).toBe('output_too_large');
    const ok = await ex.run(inventoryFor(kvm01), bigOutput, { bytes: 1000 });
    expect(ok.stdout).toHaveLength(1000);
  });
});
